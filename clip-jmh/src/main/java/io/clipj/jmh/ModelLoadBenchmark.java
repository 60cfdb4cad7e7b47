package io.clipj.jmh;

import io.clipj.Clip;
import io.clipj.weights.fixtures.RandomCheckpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long from {@code Clip.load} of a full-size ViT-B/32 directory to the first image and the first text
 * embedding, with the weights in {@code model.safetensors} versus {@code pytorch_model.bin}? This is reading
 * every weight, building both SameDiff graphs, and one batch-1 call per tower (about 0.1 s of it).
 *
 * <p>The directory is written once per trial, so the weight file is in the page cache (a second load, not a
 * cold disk read). {@link CheckpointLoadBenchmark} times the weight reading alone. Run:
 * {@code java -Dclip.assets=../shared -jar clip-jmh/target/benchmarks.jar ModelLoadBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-Dorg.bytedeco.javacpp.maxbytes=6G", "-Dclip.assets=../shared"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Threads(1)
public class ModelLoadBenchmark {

    /** Which weight file the model directory holds. */
    @Param({"SAFETENSORS", "BIN"})
    public RandomCheckpoint.Format format;

    private Path dir;
    private float[][] pixels;
    private List<int[]> ids;

    @Setup(Level.Trial)
    public void write() throws IOException {
        dir = FullSizeModel.write(format);
        pixels = FullSizeModel.randomPixels(1, 7);
        ids = List.of(new int[] {49406, 320, 1125, 539, 320, 2368, 269, 49407}); // "a photo of a cat."
    }

    @Benchmark
    public float[] loadAndEmbedOnce() throws IOException {
        try (Clip clip = Clip.load(dir)) {
            float[] image = clip.embedPixels(pixels)[0];
            float[] text = clip.embedTokenIds(ids)[0];
            image[0] += text[0];
            return image;
        }
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        FullSizeModel.delete(dir);
    }
}

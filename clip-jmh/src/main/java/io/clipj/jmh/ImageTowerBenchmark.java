package io.clipj.jmh;

import io.clipj.Clip;
import io.clipj.ClipOptions;
import io.clipj.weights.fixtures.RandomCheckpoint;
import java.io.IOException;
import java.nio.file.Path;
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
 * How many images per second does the full-size ViT-B/32 image tower embed (float32, preprocessed pixels in,
 * projected embeddings out) at batch 1, 8 and 32? Read the {@code images} line (img/s); ×8.8 GFLOP per image
 * gives the achieved GFLOP/s.
 *
 * <p>One benchmark thread; the library splits batches of two or more across the cores
 * ({@code io.clipj.internal.model.DataParallel}) and gives a single image all cores for its matrix multiplies. The model
 * is written with random weights once per trial. Run from the project root:
 * {@code java -Dclip.assets=../shared -jar clip-jmh/target/benchmarks.jar ImageTowerBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-Dorg.bytedeco.javacpp.maxbytes=6G", "-Dclip.assets=../shared"})
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 15)
@Threads(1)
public class ImageTowerBenchmark {

    /** Images per graph call. */
    @Param({"1", "8", "32"})
    public int batch;

    private Path dir;
    private Clip clip;
    private float[][] pixels;

    @Setup(Level.Trial)
    public void load() throws IOException {
        dir = FullSizeModel.write(RandomCheckpoint.Format.SAFETENSORS);
        clip = Clip.load(dir, new ClipOptions(batch));
        pixels = FullSizeModel.randomPixels(batch, 7);
        clip.embedPixels(pixels);
    }

    @Benchmark
    public float[][] embedImages(ImageCounters counters) throws IOException {
        float[][] out = clip.embedPixels(pixels);
        counters.images += batch;
        return out;
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        if (clip != null) {
            clip.close();
        }
        FullSizeModel.delete(dir);
    }
}

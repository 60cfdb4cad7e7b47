package io.clipj.jmh;

import io.clipj.Clip;
import io.clipj.ClipOptions;
import io.clipj.weights.fixtures.RandomCheckpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
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
 * How many texts per second does the full-size ViT-B/32 text tower embed (token ids in, projected embeddings
 * out), at batch 1 and 32, for {@code full77} (every text 77 tokens, what OpenAI's code always runs) and for
 * {@code imagenet} (the real zero-shot prompts "a photo of a {c}." ..., 8 to 20 tokens, batched by length as
 * {@code Clip.embedTokenIds} does, so each batch runs only to its longest end token)? Read the {@code texts}
 * line (txt/s) and {@code tokens} (token positions/s; ×75 MFLOP gives GFLOP/s).
 *
 * <p>For {@code imagenet} each call embeds a batch of consecutive prompts of the length-sorted list (every 10th
 * class × 80 templates) starting at a seeded random position, so the lengths seen follow the real mix. Run:
 * {@code java -Dclip.assets=../shared -jar clip-jmh/target/benchmarks.jar TextTowerBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-Dorg.bytedeco.javacpp.maxbytes=6G", "-Dclip.assets=../shared"})
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 15)
@Threads(1)
public class TextTowerBenchmark {

    /** Texts per graph call. */
    @Param({"1", "32"})
    public int batch;

    /** {@code full77}: 77-token texts; {@code imagenet}: the ImageNet zero-shot prompts. */
    @Param({"full77", "imagenet"})
    public String texts;

    private Path dir;
    private Clip clip;
    private List<int[]> pool;
    private SplittableRandom random;

    @Setup(Level.Trial)
    public void load() throws IOException {
        dir = FullSizeModel.write(RandomCheckpoint.Format.SAFETENSORS);
        clip = Clip.load(dir, new ClipOptions(batch));
        pool = texts.equals("full77") ? FullSizeModel.fullLengthIds(batch, 7) : FullSizeModel.imagenetPromptIds(10);
        random = new SplittableRandom(7);
        clip.embedTokenIds(pool.subList(0, batch));
    }

    @Benchmark
    public float[][] embedTexts(TextCounters counters) throws IOException {
        int start = random.nextInt(pool.size() - batch + 1);
        List<int[]> ids = pool.subList(start, start + batch);
        float[][] out = clip.embedTokenIds(ids);
        counters.texts += batch;
        counters.tokens += (long) batch * ids.get(batch - 1).length;
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

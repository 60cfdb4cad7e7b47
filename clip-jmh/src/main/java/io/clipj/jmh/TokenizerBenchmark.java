package io.clipj.jmh;

import io.clipj.tokenizer.ClipTokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * How many ImageNet zero-shot prompts per second does {@code ClipTokenizer.encode} handle on one thread?
 * The workload is CLIP_benchmark's: 1000 class names × 80 templates = 80,000 prompts; one invocation encodes
 * all of them, so the reported ops/s are prompts/s. OpenAI's Python tokenizer does about 32,000/s.
 *
 * <p>Run: {@code java -jar clip-jmh/target/benchmarks.jar TokenizerBenchmark}
 * (assets from {@code -Dclip.assets}, default {@code ../shared}).
 *
 * <p>Thread-safety: JMH state shared by the benchmark threads; only the thread-safe tokenizer is used by them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
public class TokenizerBenchmark {

    static final int PROMPTS = 1000 * 80;

    private ClipTokenizer tokenizer;
    private String[] prompts;

    @Setup
    public void setup() throws IOException {
        Path assets = Path.of(System.getProperty("clip.assets", "../shared"));
        Path imagenet = assets.resolve("data/imagenet");
        tokenizer = ClipTokenizer.fromModelDirectory(assets.resolve("models/clip-vit-base-patch32"));
        List<String> classes = Files.readAllLines(imagenet.resolve("classnames.txt"), StandardCharsets.UTF_8);
        List<String> templates = Files.readAllLines(imagenet.resolve("zeroshot_classification_templates.txt"),
                StandardCharsets.UTF_8);
        List<String> all = new ArrayList<>(PROMPTS);
        for (String c : classes) {
            for (String t : templates) {
                all.add(t.replace("{c}", c));
            }
        }
        if (all.size() != PROMPTS) {
            throw new IllegalStateException("expected 1000 classes x 80 templates under " + imagenet + ", got "
                    + classes.size() + " x " + templates.size());
        }
        prompts = all.toArray(new String[0]);
    }

    @Benchmark
    @OperationsPerInvocation(PROMPTS)
    public void encodeImageNetPrompts(Blackhole bh) {
        for (String p : prompts) {
            bh.consume(tokenizer.encode(p));
        }
    }
}

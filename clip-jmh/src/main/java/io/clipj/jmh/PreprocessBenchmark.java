package io.clipj.jmh;

import io.clipj.image.ClipImageProcessor;
import io.clipj.weights.config.PreprocessorConfig;
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
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How many images per second one thread decodes and preprocesses (CLIP ViT-B/32 settings: shortest edge 224,
 * bicubic, 224 crop, normalise) from encoded bytes already in memory. {@code lossless-webp}: the ImageNet-sized
 * lossless WebP members of {@code wds/imagenetv2-sample/test/0.tar}; {@code jpeg}: {@code images/rocket.jpg}
 * (640 × 427); {@code png}: {@code images/chelsea.png}. Assets come from {@code -Dclip.assets} (default
 * {@code ../shared}). Target: ≥ 72 lossless-WebP images/s and ≥ 106 JPEG images/s.
 *
 * <pre>java -jar clip-jmh/target/benchmarks.jar PreprocessBenchmark -f 1 -wi 2 -i 3 -t 1</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Threads(1)
public class PreprocessBenchmark {

    @Param({"lossless-webp", "jpeg", "png"})
    public String input;

    private ClipImageProcessor processor;
    private List<byte[]> images;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path assets = Path.of(System.getProperty("clip.assets", "../shared")).toAbsolutePath().normalize();
        processor = ClipImageProcessor.fromConfig(PreprocessorConfig.defaults());
        images = switch (input) {
            case "lossless-webp" -> tarMembers(assets.resolve("wds/imagenetv2-sample/test/0.tar"), ".webp");
            case "jpeg" -> List.of(Files.readAllBytes(assets.resolve("images/rocket.jpg")));
            case "png" -> List.of(Files.readAllBytes(assets.resolve("images/chelsea.png")));
            default -> throw new IllegalArgumentException("unknown input " + input);
        };
        if (images.isEmpty()) {
            throw new IllegalStateException("no " + input + " images found under " + assets);
        }
    }

    /** One image per call, cycling through the set: ops/s = images/s. */
    @Benchmark
    public float[] decodeAndPreprocess() throws IOException {
        byte[] encoded = images.get(next);
        next = (next + 1) % images.size();
        return processor.preprocess(encoded);
    }

    /** The members of an uncompressed ustar archive whose names end with {@code suffix}. */
    static List<byte[]> tarMembers(Path tar, String suffix) throws IOException {
        byte[] b = Files.readAllBytes(tar);
        List<byte[]> out = new ArrayList<>();
        int p = 0;
        while (p + 512 <= b.length && b[p] != 0) {
            String name = new String(b, p, 100, StandardCharsets.US_ASCII).replace("\0", "").trim();
            String sizeField = new String(b, p + 124, 12, StandardCharsets.US_ASCII).replace("\0", "").trim();
            int size = sizeField.isEmpty() ? 0 : Integer.parseInt(sizeField, 8);
            if (name.endsWith(suffix)) {
                out.add(java.util.Arrays.copyOfRange(b, p + 512, p + 512 + size));
            }
            p += 512 + (size + 511) / 512 * 512;
        }
        return out;
    }
}

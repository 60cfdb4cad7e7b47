import io.clipj.weights.config.ClipConfigs;
import io.clipj.weights.fixtures.RandomCheckpoint;
import java.nio.file.Path;

/**
 * Writes a full-size ViT-B/32 model directory with seeded random weights (speed does not depend on weight values),
 * exactly as clipj's JMH benchmarks do (seed 42, float32 model.safetensors, tokenizer files from shared/).
 * Run with Java's single-file source launcher, from the project root:
 *
 * <pre>
 * java -cp clip-jmh/target/benchmarks.jar clip-bench/scripts/onnxruntime/WriteRandomVitB32.java /tmp/vitb32 ../shared
 * </pre>
 */
public final class WriteRandomVitB32 {
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: WriteRandomVitB32 OUT_DIR SHARED_DIR");
            System.exit(2);
        }
        Path written = RandomCheckpoint.write(Path.of(args[0]), ClipConfigs.vitB32(), 42,
                RandomCheckpoint.Format.SAFETENSORS, Path.of(args[1], "models/clip-vit-base-patch32"));
        System.out.println("wrote " + written);
    }
}

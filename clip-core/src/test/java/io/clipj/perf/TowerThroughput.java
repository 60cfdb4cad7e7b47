package io.clipj.perf;

import io.clipj.Clip;
import io.clipj.ClipOptions;
import io.clipj.weights.config.ClipConfigs;
import io.clipj.weights.random.RandomCheckpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Manual measurement of steady-state throughput of the full-size ViT-B/32 towers (random weights; speed does
 * not depend on their values). Not a test: run it by hand with the test classpath.
 *
 * <pre>
 * java -cp ... io.clipj.perf.TowerThroughput MODEL_DIR image 32 3      # image tower, batch 32, 3 timed runs
 * java -cp ... io.clipj.perf.TowerThroughput MODEL_DIR text 32 3 12    # text tower, 12 tokens per text
 * java -cp ... io.clipj.perf.TowerThroughput MODEL_DIR write           # writes the random model first
 * </pre>
 *
 * The last line printed has the form {@code image batch=N: X img/s} or {@code text batch=N: X txt/s}.
 */
public final class TowerThroughput {

    private TowerThroughput() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        String what = args[1];
        if (what.equals("write")) {
            RandomCheckpoint.write(dir, ClipConfigs.vitB32(), 42, RandomCheckpoint.Format.SAFETENSORS,
                    Path.of(System.getProperty("clip.assets", "../shared"), "models/clip-vit-base-patch32"));
            System.out.println("wrote " + dir + " (" + Files.size(dir.resolve("model.safetensors")) + " bytes)");
            return;
        }
        int batch = Integer.parseInt(args[2]);
        int runs = Integer.parseInt(args[3]);
        Random random = new Random(1);
        try (Clip clip = Clip.load(dir, new ClipOptions(batch))) {
            if (what.equals("image")) {
                int size = clip.config().vision().imageSize();
                float[][] pixels = new float[batch][3 * size * size];
                for (float[] p : pixels) {
                    for (int i = 0; i < p.length; i++) {
                        p[i] = (float) random.nextGaussian();
                    }
                }
                clip.embedPixels(pixels);
                for (int r = 0; r < runs; r++) {
                    long start = System.nanoTime();
                    clip.embedPixels(pixels);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    System.out.printf("image batch=%d: %.2f img/s%n", batch, batch / seconds);
                }
            } else {
                int tokens = Integer.parseInt(args[4]);
                List<int[]> ids = new ArrayList<>();
                for (int b = 0; b < batch; b++) {
                    int[] seq = new int[tokens];
                    for (int t = 0; t < tokens; t++) {
                        seq[t] = 320 + random.nextInt(40000);
                    }
                    seq[0] = 49406;
                    seq[tokens - 1] = 49407;
                    ids.add(seq);
                }
                clip.embedTokenIds(ids);
                for (int r = 0; r < runs; r++) {
                    long start = System.nanoTime();
                    clip.embedTokenIds(ids);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    System.out.printf("text batch=%d tokens=%d: %.2f txt/s%n", batch, tokens, batch / seconds);
                }
            }
        }
    }
}

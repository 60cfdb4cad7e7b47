package consumer;

import io.clipj.Clip;
import java.nio.file.Path;
import java.util.List;

/** Loads a model and embeds one image, timing start-up: what a new user's first program does. */
public final class Main {
    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        try (Clip clip = Clip.load(Path.of(args[0]))) {
            float[] embedding = clip.embedImageFiles(List.of(Path.of(args[1])))[0];
            System.out.printf("first image embedding: %d values, %.1f ms after main() began%n",
                    embedding.length, (System.nanoTime() - t0) / 1e6);
        }
    }
}

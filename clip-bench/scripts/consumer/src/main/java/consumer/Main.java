package consumer;

import io.clipj.Clip;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What a new user's first program does: load a model, embed one image, timing start-up; then check that the
 * single-image calls (file, bytes, stream) give the batch call's row.
 */
public final class Main {
    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        Path image = Path.of(args[1]);
        try (Clip clip = Clip.load(Path.of(args[0]))) {
            float[] fromPath = clip.embedImage(image);
            System.out.printf("first image embedding: %d values, %.1f ms after main() began%n",
                    fromPath.length, (System.nanoTime() - t0) / 1e6);
            float[] row = clip.embedImageFiles(List.of(image))[0];
            float[] fromBytes = clip.embedImage(Files.readAllBytes(image));
            float[] fromStream;
            try (InputStream in = Files.newInputStream(image)) {
                fromStream = clip.embedImage(in);
            }
            boolean same = Arrays.equals(fromPath, row) && Arrays.equals(fromBytes, row) && Arrays.equals(fromStream, row);
            System.out.println("embedImage(Path), embedImage(byte[]), embedImage(InputStream) equal the batch call's row: " + same);
            if (!same) {
                System.exit(1);
            }
        }
    }
}

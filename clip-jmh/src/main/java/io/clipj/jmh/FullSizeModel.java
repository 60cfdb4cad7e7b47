package io.clipj.jmh;

import io.clipj.tokenizer.ClipTokenizer;
import io.clipj.weights.config.ClipConfigs;
import io.clipj.weights.fixtures.RandomCheckpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Shared set-up of the model benchmarks: a full-size ViT-B/32 model directory with seeded random weights
 * (speed does not depend on weight values), the tokenizer files of {@code openai/clip-vit-base-patch32}, and
 * the ImageNet zero-shot prompts, all read from the project's shared assets.
 *
 * <p>The assets are found through the system property {@code clip.assets} (default {@code ../shared}, which is
 * right when running from the project root of a worktree next to {@code shared/}); pass it to JMH forks with
 * {@code -jvmArgsAppend -Dclip.assets=/path/to/shared}.
 *
 * <p>Stateless and thread-safe.
 */
final class FullSizeModel {

    /** Sequence length of OpenAI's text tower (start token, 75 ids, end token). */
    static final int CONTEXT = 77;

    private static final int START = 49406;
    private static final int END = 49407;

    private FullSizeModel() {
    }

    /** The shared assets directory ({@code clip.assets}). */
    static Path assets() throws NoSuchFileException {
        Path dir = Path.of(System.getProperty("clip.assets", "../shared"));
        if (!Files.isDirectory(dir.resolve("models/clip-vit-base-patch32"))) {
            throw new NoSuchFileException(dir.toAbsolutePath().toString(), null,
                    "shared assets not found; set -Dclip.assets=/path/to/shared");
        }
        return dir;
    }

    /** Writes a full-size ViT-B/32 model directory with random weights into a fresh temporary directory. */
    static Path write(RandomCheckpoint.Format format) throws IOException {
        Path dir = Files.createTempDirectory("clipj-bench-vitb32");
        RandomCheckpoint.write(dir, ClipConfigs.vitB32(), 42, format,
                assets().resolve("models/clip-vit-base-patch32"));
        return dir;
    }

    /** Deletes a directory written by {@link #write}. */
    static void delete(Path dir) throws IOException {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** {@code n} random normalised-looking images {@code [3, 224, 224]}. */
    static float[][] randomPixels(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] out = new float[n][3 * 224 * 224];
        for (float[] image : out) {
            for (int i = 0; i < image.length; i++) {
                image[i] = (float) (random.nextDouble() * 4 - 2);
            }
        }
        return out;
    }

    /** {@code n} full-length token sequences: start token, 75 random word ids, end token (OpenAI's 77). */
    static List<int[]> fullLengthIds(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<int[]> out = new ArrayList<>(n);
        for (int b = 0; b < n; b++) {
            int[] ids = new int[CONTEXT];
            ids[0] = START;
            for (int t = 1; t < CONTEXT - 1; t++) {
                ids[t] = random.nextInt(256, START);
            }
            ids[CONTEXT - 1] = END;
            out.add(ids);
        }
        return out;
    }

    /**
     * The ImageNet zero-shot prompts ("a photo of a {c}." ...) of every {@code classStride}-th class with all
     * 80 templates, tokenised, sorted by length as {@code Clip.embedTokenIds} batches them.
     */
    static List<int[]> imagenetPromptIds(int classStride) throws IOException {
        Path data = assets().resolve("data/imagenet");
        List<String> classes = lines(data.resolve("classnames.txt"));
        List<String> templates = lines(data.resolve("zeroshot_classification_templates.txt"));
        ClipTokenizer tokenizer = ClipTokenizer.fromModelDirectory(assets().resolve("models/clip-vit-base-patch32"));
        List<int[]> out = new ArrayList<>();
        for (int c = 0; c < classes.size(); c += classStride) {
            for (String template : templates) {
                out.add(tokenizer.encode(template.replace("{c}", classes.get(c))));
            }
        }
        out.sort(Comparator.comparingInt(ids -> ids.length));
        return out;
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}

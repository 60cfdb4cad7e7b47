package io.clipj.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The read-only shared assets ({@code -Dclip.assets}, default {@code ../shared}) and tokenizers loaded
 * once per test JVM. (clip-weights' SharedAssets is not visible here: this module comes first.)
 */
public final class TestAssets {

    private static ClipTokenizer clip;

    private TestAssets() {
    }

    public static Path root() {
        Path root = Path.of(System.getProperty("clip.assets", "../shared")).toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("golden"))) {
            throw new IllegalStateException("test assets not found at " + root
                    + " (set -Dclip.assets=/path/to/shared; expected golden/ and models/ there)");
        }
        return root;
    }

    public static Path modelDir() {
        return root().resolve("models/clip-vit-base-patch32");
    }

    /** The openai/clip-vit-base-patch32 tokenizer, shared by the tests (it is thread-safe). */
    public static synchronized ClipTokenizer clip() {
        if (clip == null) {
            try {
                clip = ClipTokenizer.fromModelDirectory(modelDir());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return clip;
    }

    public static JsonNode json(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> goldenTexts() {
        List<String> texts = new ArrayList<>();
        json(root().resolve("golden/texts.json")).forEach(n -> texts.add(n.asText()));
        return texts;
    }

    public static List<int[]> goldenIds() {
        List<int[]> ids = new ArrayList<>();
        for (JsonNode row : json(root().resolve("golden/tiny/inputs.json")).get("input_ids")) {
            int[] r = new int[row.size()];
            for (int i = 0; i < r.length; i++) {
                r[i] = row.get(i).asInt();
            }
            ids.add(r);
        }
        return ids;
    }
}

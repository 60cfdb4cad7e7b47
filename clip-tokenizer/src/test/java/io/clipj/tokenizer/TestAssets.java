package io.clipj.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipj.testing.SharedAssets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The tokenizer tests' view of the read-only shared assets (found by clip-testkit's {@link SharedAssets}): the
 * model directory, golden texts and ids, and the tokenizer loaded once per test JVM.
 */
public final class TestAssets {

    private static ClipTokenizer clip;

    private TestAssets() {
    }

    /** The shared assets root ({@link SharedAssets#root()}). */
    public static Path root() {
        return SharedAssets.root();
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

package io.clipj.weights.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Parses HuggingFace {@code config.json} into {@link ClipConfig}, applying HF's defaults for absent keys
 * and accepting the legacy {@code text_config_dict}/{@code vision_config_dict} forms. Unknown keys
 * ({@code id2label}, generation settings, ...) are ignored.
 *
 * <p>Stateless and thread-safe.
 */
public final class ClipConfigReader {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ClipConfigReader() {
    }

    /** Reads {@code config.json}; {@code path} may be the file or its model directory. */
    public static ClipConfig read(Path path) throws IOException {
        Path file = Files.isDirectory(path) ? path.resolve("config.json") : path;
        String json;
        try {
            json = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "model config not found");
        }
        try {
            return parse(json);
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** Parses the text of a {@code config.json}. */
    public static ClipConfig parse(String json) throws JsonProcessingException {
        JsonNode root = MAPPER.readTree(json);
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("config is not a JSON object");
        }
        int projectionDim = intOr(root, "projection_dim", 512);
        JsonNode text = section(root, "text_config");
        JsonNode vision = section(root, "vision_config");
        ClipTextConfig textConfig = new ClipTextConfig(
                intOr(text, "vocab_size", 49408),
                intOr(text, "hidden_size", 512),
                intOr(text, "intermediate_size", 2048),
                intOr(text, "num_hidden_layers", 12),
                intOr(text, "num_attention_heads", 8),
                intOr(text, "max_position_embeddings", 77),
                stringOr(text, "hidden_act", "quick_gelu"),
                doubleOr(text, "layer_norm_eps", 1e-5),
                intOr(text, "projection_dim", projectionDim),
                intOr(text, "bos_token_id", 49406),
                intOr(text, "eos_token_id", 49407),
                intOr(text, "pad_token_id", 1));
        ClipVisionConfig visionConfig = new ClipVisionConfig(
                intOr(vision, "hidden_size", 768),
                intOr(vision, "intermediate_size", 3072),
                intOr(vision, "num_hidden_layers", 12),
                intOr(vision, "num_attention_heads", 12),
                intOr(vision, "num_channels", 3),
                intOr(vision, "image_size", 224),
                intOr(vision, "patch_size", 32),
                stringOr(vision, "hidden_act", "quick_gelu"),
                doubleOr(vision, "layer_norm_eps", 1e-5),
                intOr(vision, "projection_dim", projectionDim));
        return new ClipConfig(textConfig, visionConfig, projectionDim, doubleOr(root, "logit_scale_init_value", 2.6592));
    }

    /** {@code name} if present, else the legacy {@code name_dict}, else an empty section (all defaults). */
    private static JsonNode section(JsonNode root, String name) {
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            node = root.get(name + "_dict");
        }
        if (node == null || node.isNull()) {
            return MissingNode.getInstance();
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(name + " is not a JSON object");
        }
        return node;
    }

    private static int intOr(JsonNode node, String key, int fallback) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException(key + " must be an integer, got " + v);
        }
        return v.intValue();
    }

    private static double doubleOr(JsonNode node, String key, double fallback) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException(key + " must be a number, got " + v);
        }
        return v.doubleValue();
    }

    private static String stringOr(JsonNode node, String key, String fallback) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(key + " must be a string, got " + v);
        }
        return v.textValue();
    }
}

package io.clipj.weights.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Parses HuggingFace {@code config.json} into {@link ClipConfig}, applying HF's defaults for absent keys
 * and accepting the legacy {@code text_config_dict}/{@code vision_config_dict} forms. Unknown keys
 * ({@code id2label}, generation settings, ...) are ignored.
 *
 * <p>Stateless and thread-safe.
 */
public final class ClipConfigReader {

    private ClipConfigReader() {
    }

    /** Reads {@code config.json}; {@code path} may be the file or its model directory. */
    public static ClipConfig read(Path path) throws IOException {
        return JsonConfigFile.read(path, "config.json", "model config", ClipConfigReader::parse);
    }

    /** Parses the text of a {@code config.json}. */
    public static ClipConfig parse(String json) throws JsonProcessingException {
        JsonNode root = JsonConfigFile.rootObject(json, "config");
        int projectionDim = intOr(root, "", "projection_dim", 512);
        JsonNode text = section(root, "text_config");
        JsonNode vision = section(root, "vision_config");
        String t = "text_config.";
        String v = "vision_config.";
        ClipTextConfig textConfig = new ClipTextConfig(
                intOr(text, t, "vocab_size", 49408),
                intOr(text, t, "hidden_size", 512),
                intOr(text, t, "intermediate_size", 2048),
                intOr(text, t, "num_hidden_layers", 12),
                intOr(text, t, "num_attention_heads", 8),
                intOr(text, t, "max_position_embeddings", 77),
                stringOr(text, t, "hidden_act", "quick_gelu"),
                doubleOr(text, t, "layer_norm_eps", 1e-5),
                intOr(text, t, "projection_dim", projectionDim),
                intOr(text, t, "bos_token_id", 49406),
                intOr(text, t, "eos_token_id", 49407),
                intOr(text, t, "pad_token_id", 1));
        ClipVisionConfig visionConfig = new ClipVisionConfig(
                intOr(vision, v, "hidden_size", 768),
                intOr(vision, v, "intermediate_size", 3072),
                intOr(vision, v, "num_hidden_layers", 12),
                intOr(vision, v, "num_attention_heads", 12),
                intOr(vision, v, "num_channels", 3),
                intOr(vision, v, "image_size", 224),
                intOr(vision, v, "patch_size", 32),
                stringOr(vision, v, "hidden_act", "quick_gelu"),
                doubleOr(vision, v, "layer_norm_eps", 1e-5),
                intOr(vision, v, "projection_dim", projectionDim));
        return new ClipConfig(textConfig, visionConfig, projectionDim, doubleOr(root, "", "logit_scale_init_value", 2.6592));
    }

    /**
     * {@code name}, overlaid with the legacy {@code name_dict} when that is present (as HF does: the dict
     * form wins), else an empty section (all defaults).
     */
    private static JsonNode section(JsonNode root, String name) {
        JsonNode node = object(root, name);
        JsonNode legacy = object(root, name + "_dict");
        if (legacy == null) {
            return node == null ? MissingNode.getInstance() : node;
        }
        if (node == null) {
            return legacy;
        }
        ObjectNode merged = ((ObjectNode) node).deepCopy();
        merged.setAll((ObjectNode) legacy);
        return merged;
    }

    private static JsonNode object(JsonNode root, String name) {
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(name + " must be a JSON object, got " + node);
        }
        return node;
    }

    private static int intOr(JsonNode node, String scope, String key, int fallback) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException(scope + key + " must be an integer, got " + v);
        }
        return v.intValue();
    }

    private static double doubleOr(JsonNode node, String scope, String key, double fallback) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException(scope + key + " must be a number, got " + v);
        }
        return v.doubleValue();
    }

    private static String stringOr(JsonNode node, String scope, String key, String fallback) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(scope + key + " must be a string, got " + v);
        }
        return v.textValue();
    }
}

package io.clipj.weights.config;

import java.util.Set;

/**
 * Validation shared by the config records; every message names the offending key. The upper bounds keep a
 * hostile {@code config.json} (a kilobyte of JSON) from making the loader build billions of expected weight names
 * or allocate arrays of its choosing: each is far above every published CLIP-family model (ViT-bigG/14 has 48
 * layers, width 1664, MLP 8192, 16 heads; the largest vocabularies are ~250k; the largest image sides about 1000 pixels).
 */
final class ConfigChecks {

    static final Set<String> ACTIVATIONS = Set.of("quick_gelu", "gelu");

    /** Encoder layers per tower. */
    static final int MAX_LAYERS = 512;
    /** Attention heads per layer. */
    static final int MAX_HEADS = 1024;
    /** Transformer, MLP and projection widths. */
    static final int MAX_WIDTH = 65_536;
    /** Token embedding rows. */
    static final int MAX_VOCAB = 4_194_304;
    /** Text context length (position embeddings). */
    static final int MAX_POSITIONS = 65_536;
    /** Image side, patch side, resize and crop sides in pixels. */
    static final int MAX_IMAGE_SIDE = 4096;
    /** Patches per image ({@code (image_size / patch_size)^2}). */
    static final int MAX_PATCHES = 65_536;
    /** Input channels. */
    static final int MAX_CHANNELS = 64;

    private ConfigChecks() {
    }

    static void positive(String key, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be positive, got " + value);
        }
    }

    /** {@code value} in {@code [1, max]}; the message names the key, the value and the bound. */
    static void inRange(String key, long value, long max) {
        positive(key, value);
        if (value > max) {
            throw new IllegalArgumentException(key + " " + value + " exceeds the limit of " + max
                    + " (far above any CLIP model; refusing a config that would exhaust memory)");
        }
    }

    static void heads(String scope, int hiddenSize, int heads) {
        inRange(scope + ".hidden_size", hiddenSize, MAX_WIDTH);
        inRange(scope + ".num_attention_heads", heads, MAX_HEADS);
        if (hiddenSize % heads != 0) {
            throw new IllegalArgumentException(scope + ".hidden_size " + hiddenSize
                    + " is not divisible by num_attention_heads " + heads);
        }
    }

    static void activation(String key, String act) {
        if (!ACTIVATIONS.contains(act)) {
            throw new IllegalArgumentException(key + " '" + act + "' is not supported (expected one of "
                    + ACTIVATIONS + ")");
        }
    }
}

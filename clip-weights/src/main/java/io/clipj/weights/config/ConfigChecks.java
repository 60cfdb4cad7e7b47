package io.clipj.weights.config;

import java.util.Set;

/** Validation shared by the config records; every message names the offending key. */
final class ConfigChecks {

    static final Set<String> ACTIVATIONS = Set.of("quick_gelu", "gelu");

    private ConfigChecks() {
    }

    static void positive(String key, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be positive, got " + value);
        }
    }

    static void heads(String scope, int hiddenSize, int heads) {
        positive(scope + ".hidden_size", hiddenSize);
        positive(scope + ".num_attention_heads", heads);
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

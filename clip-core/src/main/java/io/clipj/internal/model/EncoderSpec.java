package io.clipj.internal.model;

import io.clipj.weights.config.ClipTextConfig;
import io.clipj.weights.config.ClipVisionConfig;

/**
 * The hyper-parameters {@link ClipEncoder} needs, common to both towers' configs.
 *
 * <p>Immutable and thread-safe.
 *
 * @param width        hidden size W
 * @param heads        attention heads H (W = H·D)
 * @param intermediate MLP inner width
 * @param layers       encoder layers
 * @param hiddenAct    {@code quick_gelu} or {@code gelu}
 * @param eps          LayerNorm epsilon
 */
record EncoderSpec(int width, int heads, int intermediate, int layers, String hiddenAct, double eps) {

    static EncoderSpec of(ClipVisionConfig c) {
        return new EncoderSpec(c.hiddenSize(), c.numAttentionHeads(), c.intermediateSize(), c.numHiddenLayers(),
                c.hiddenAct(), c.layerNormEps());
    }

    static EncoderSpec of(ClipTextConfig c) {
        return new EncoderSpec(c.hiddenSize(), c.numAttentionHeads(), c.intermediateSize(), c.numHiddenLayers(),
                c.hiddenAct(), c.layerNormEps());
    }

    /** Head width D. */
    int headDim() {
        return width / heads;
    }
}

package io.clipj.weights.config;

/**
 * The vision tower's hyper-parameters, as HuggingFace's {@code CLIPVisionConfig}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param hiddenSize        transformer width
 * @param intermediateSize  MLP inner width
 * @param numHiddenLayers   encoder layers
 * @param numAttentionHeads attention heads; divides {@code hiddenSize}
 * @param numChannels       input channels (3)
 * @param imageSize         input side in pixels; a multiple of {@code patchSize}
 * @param patchSize         patch side in pixels
 * @param hiddenAct         {@code quick_gelu} (OpenAI checkpoints) or {@code gelu}
 * @param layerNormEps      epsilon of every LayerNorm
 * @param projectionDim     output width of {@code visual_projection}
 */
public record ClipVisionConfig(
        int hiddenSize,
        int intermediateSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int numChannels,
        int imageSize,
        int patchSize,
        String hiddenAct,
        double layerNormEps,
        int projectionDim) {

    public ClipVisionConfig {
        ConfigChecks.heads("vision_config", hiddenSize, numAttentionHeads);
        ConfigChecks.positive("vision_config.intermediate_size", intermediateSize);
        ConfigChecks.positive("vision_config.num_hidden_layers", numHiddenLayers);
        ConfigChecks.positive("vision_config.num_channels", numChannels);
        ConfigChecks.positive("vision_config.patch_size", patchSize);
        ConfigChecks.positive("vision_config.image_size", imageSize);
        if (imageSize % patchSize != 0) {
            throw new IllegalArgumentException("vision_config.image_size " + imageSize
                    + " is not a multiple of patch_size " + patchSize);
        }
        ConfigChecks.activation("vision_config.hidden_act", hiddenAct);
        ConfigChecks.positive("vision_config.projection_dim", projectionDim);
    }

    /** Patches per side. */
    public int gridSize() {
        return imageSize / patchSize;
    }

    /** Patches per image. */
    public int numPatches() {
        return gridSize() * gridSize();
    }

    /** Tokens per image: the class token and every patch. */
    public int numPositions() {
        return numPatches() + 1;
    }

    /** Width of one attention head. */
    public int headDim() {
        return hiddenSize / numAttentionHeads;
    }
}

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
        ConfigChecks.inRange("vision_config.intermediate_size", intermediateSize, ConfigChecks.MAX_WIDTH);
        ConfigChecks.inRange("vision_config.num_hidden_layers", numHiddenLayers, ConfigChecks.MAX_LAYERS);
        ConfigChecks.inRange("vision_config.num_channels", numChannels, ConfigChecks.MAX_CHANNELS);
        ConfigChecks.inRange("vision_config.patch_size", patchSize, ConfigChecks.MAX_IMAGE_SIDE);
        ConfigChecks.inRange("vision_config.image_size", imageSize, ConfigChecks.MAX_IMAGE_SIDE);
        if (imageSize % patchSize != 0) {
            throw new IllegalArgumentException("vision_config.image_size " + imageSize
                    + " is not a multiple of patch_size " + patchSize);
        }
        long grid = imageSize / patchSize;
        if (grid * grid > ConfigChecks.MAX_PATCHES) {
            throw new IllegalArgumentException("vision_config.image_size " + imageSize + " / patch_size " + patchSize
                    + " gives " + grid * grid + " patches, more than the limit of " + ConfigChecks.MAX_PATCHES);
        }
        ConfigChecks.activation("vision_config.hidden_act", hiddenAct);
        ConfigChecks.inRange("vision_config.projection_dim", projectionDim, ConfigChecks.MAX_WIDTH);
    }

    /** Patches per side. */
    public int gridSize() {
        return imageSize / patchSize;
    }

    /** Patches per image (at most {@code 65536}, checked at construction, so this never overflows). */
    public int numPatches() {
        return Math.multiplyExact(gridSize(), gridSize());
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

package io.clipj.weights.config;

/**
 * The text tower's hyper-parameters, as HuggingFace's {@code CLIPTextConfig}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param vocabSize             token embedding rows (49408 for OpenAI's BPE)
 * @param hiddenSize            transformer width
 * @param intermediateSize      MLP inner width
 * @param numHiddenLayers       encoder layers
 * @param numAttentionHeads     attention heads; divides {@code hiddenSize}
 * @param maxPositionEmbeddings context length (77)
 * @param hiddenAct             {@code quick_gelu} (OpenAI checkpoints) or {@code gelu}
 * @param layerNormEps          epsilon of every LayerNorm
 * @param projectionDim         output width of {@code text_projection}
 * @param bosTokenId            as in config.json (legacy configs say 0)
 * @param eosTokenId            as in config.json; the legacy value 2 means "pool at argmax(input_ids)"
 * @param padTokenId            as in config.json
 */
public record ClipTextConfig(
        int vocabSize,
        int hiddenSize,
        int intermediateSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int maxPositionEmbeddings,
        String hiddenAct,
        double layerNormEps,
        int projectionDim,
        int bosTokenId,
        int eosTokenId,
        int padTokenId) {

    public ClipTextConfig {
        ConfigChecks.inRange("text_config.vocab_size", vocabSize, ConfigChecks.MAX_VOCAB);
        ConfigChecks.heads("text_config", hiddenSize, numAttentionHeads);
        ConfigChecks.inRange("text_config.intermediate_size", intermediateSize, ConfigChecks.MAX_WIDTH);
        ConfigChecks.inRange("text_config.num_hidden_layers", numHiddenLayers, ConfigChecks.MAX_LAYERS);
        ConfigChecks.inRange("text_config.max_position_embeddings", maxPositionEmbeddings, ConfigChecks.MAX_POSITIONS);
        ConfigChecks.activation("text_config.hidden_act", hiddenAct);
        ConfigChecks.inRange("text_config.projection_dim", projectionDim, ConfigChecks.MAX_WIDTH);
    }

    /** Width of one attention head. */
    public int headDim() {
        return hiddenSize / numAttentionHeads;
    }
}

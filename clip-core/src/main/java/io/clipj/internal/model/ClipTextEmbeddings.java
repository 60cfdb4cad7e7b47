package io.clipj.internal.model;

import io.clipj.weights.config.ClipTextConfig;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * HF {@code CLIPTextEmbeddings}: token embedding plus learned absolute position embedding.
 *
 * <p>Immutable after construction; used by one thread while a graph is built.
 */
final class ClipTextEmbeddings {

    private final GraphParams vs;
    private final INDArray tokenEmbedding; // [V, W]
    private final INDArray positionEmbedding; // [77, W]

    /** The embeddings at {@code vs} ({@code text_model.embeddings}). */
    ClipTextEmbeddings(GraphParams vs, ClipTextConfig c) {
        this.vs = vs;
        this.tokenEmbedding = vs.pp("token_embedding").load("weight", c.vocabSize(), c.hiddenSize());
        this.positionEmbedding = vs.pp("position_embedding").load("weight", c.maxPositionEmbeddings(),
                c.hiddenSize());
    }

    /**
     * @param inputIds    {@code [B, T]} token ids
     * @param positionIds {@code [B*T]} position of each token row (0..T-1 repeated per sequence), so the sum
     *                    stays rank 2 whatever T is
     * @return {@code [B*T, W]}
     */
    SDVariable forward(SDVariable inputIds, SDVariable positionIds) {
        SameDiff sd = vs.sd();
        SDVariable tokenTable = vs.pp("token_embedding").constant("weight", tokenEmbedding);
        SDVariable positionTable = vs.pp("position_embedding").constant("weight", positionEmbedding);
        SDVariable tokens = sd.gather(tokenTable, sd.reshape(inputIds, -1), 0); // [B*T, W]
        return tokens.add(sd.gather(positionTable, positionIds, 0)); // [B*T, W]
    }
}

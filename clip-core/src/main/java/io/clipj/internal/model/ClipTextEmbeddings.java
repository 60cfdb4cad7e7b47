package io.clipj.internal.model;

import io.clipj.weights.WeightScope;
import io.clipj.weights.config.ClipTextConfig;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * HF {@code CLIPTextEmbeddings}: token embedding plus learned absolute position embedding.
 *
 * <p>Stateless and thread-safe.
 */
final class ClipTextEmbeddings {

    private ClipTextEmbeddings() {
    }

    /**
     * @param inputIds    {@code [B, T]} token ids
     * @param positionIds {@code [B*T]} position of each token row (0..T-1 repeated per sequence), so the sum
     *                    stays rank 2 whatever T is
     * @param scope       the {@code text_model.embeddings} scope
     * @return {@code [B*T, W]}
     */
    static SDVariable forward(GraphParams params, SDVariable inputIds, SDVariable positionIds, WeightScope scope,
                              ClipTextConfig c) {
        SameDiff sd = params.sd();
        int w = c.hiddenSize();
        SDVariable tokenTable = params.constant(scope.pp("token_embedding"), "weight", c.vocabSize(), w);
        SDVariable positionTable = params.constant(scope.pp("position_embedding"), "weight",
                c.maxPositionEmbeddings(), w);
        SDVariable tokens = sd.gather(tokenTable, sd.reshape(inputIds, -1), 0); // [B*T, W]
        return tokens.add(sd.gather(positionTable, positionIds, 0)); // [B*T, W]
    }
}

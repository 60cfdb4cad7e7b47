package io.clipj.internal.model;

import io.clipj.weights.WeightScope;
import io.clipj.weights.config.ClipTextConfig;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * HF {@code CLIPTextTransformer}: embeddings, the shared {@link ClipEncoder} under a causal mask,
 * {@code final_layer_norm}, and pooling at each sequence's end token.
 *
 * <p>The pooled rows are picked before {@code final_layer_norm}: LayerNorm works row by row, so this equals
 * HF's norm-then-pool and skips normalising rows nobody reads. Which row is the end token is decided by
 * the caller ({@link TextTower}), as HF decides it from {@code eos_token_id}.
 *
 * <p>Stateless and thread-safe.
 */
final class ClipTextTransformer {

    private ClipTextTransformer() {
    }

    /**
     * @param inputIds    {@code [B, T]}
     * @param positionIds {@code [B*T]}
     * @param causalMask  additive {@code [T, T]} mask, -inf above the diagonal
     * @param poolRows    {@code [B]} row index {@code b·T + end(b)} of each sequence's end token
     * @param scope       the {@code text_model} scope
     * @return the pooled output {@code [B, W]}
     */
    static SDVariable forward(GraphParams params, SDVariable inputIds, SDVariable positionIds,
                              SDVariable causalMask, SDVariable poolRows, WeightScope scope, ClipTextConfig c) {
        SameDiff sd = params.sd();
        EncoderSpec spec = EncoderSpec.of(c);
        SDVariable x = ClipTextEmbeddings.forward(params, inputIds, positionIds, scope.pp("embeddings"), c);
        // [B, T, H, D] from the dynamic [B, T] of the input: the sequence length changes from batch to batch.
        SDVariable headsShape = sd.concat(0, sd.shape(inputIds).castTo(DataType.INT64),
                sd.constant(Nd4j.createFromArray((long) spec.heads(), spec.headDim())));
        x = ClipEncoder.forward(params, x, scope.pp("encoder"), spec, headsShape, causalMask); // [B*T, W]
        SDVariable pooled = sd.gather(x, poolRows, 0); // [B, W]
        return GraphOps.layerNorm(params, pooled, scope.pp("final_layer_norm"), c.hiddenSize(), c.layerNormEps());
    }
}

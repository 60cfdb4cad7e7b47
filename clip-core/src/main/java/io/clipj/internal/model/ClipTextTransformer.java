package io.clipj.internal.model;

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
 * <p>Immutable after construction; used by one thread while a graph is built.
 */
final class ClipTextTransformer {

    private final GraphParams vs;
    private final EncoderSpec spec;
    private final ClipTextEmbeddings embeddings;
    private final ClipEncoder encoder;
    private final LayerNorm finalLayerNorm;

    /** The text tower at {@code vs} ({@code text_model}). */
    ClipTextTransformer(GraphParams vs, ClipTextConfig c) {
        this.vs = vs;
        this.spec = EncoderSpec.of(c);
        this.embeddings = new ClipTextEmbeddings(vs.pp("embeddings"), c);
        this.encoder = new ClipEncoder(vs.pp("encoder"), spec);
        this.finalLayerNorm = LayerNorm.load(vs.pp("final_layer_norm"), c.hiddenSize(), c.layerNormEps());
    }

    /**
     * @param inputIds     {@code [B, T]}
     * @param positionIds  {@code [B*T]}
     * @param causalMask   additive {@code [T, T]} mask, -inf above the diagonal
     * @param poolRows     {@code [B]} row index {@code b·T + end(b)} of each sequence's end token
     * @param endPositions {@code [B]} each sequence's end position {@code end(b)}
     * @return the pooled output {@code [B, W]}
     */
    SDVariable forward(SDVariable inputIds, SDVariable positionIds, SDVariable causalMask, SDVariable poolRows,
            SDVariable endPositions) {
        SameDiff sd = vs.sd();
        SDVariable x = embeddings.forward(inputIds, positionIds); // [B*T, W]
        // [B, T, H, D] from the dynamic [B, T] of the input: the sequence length changes from batch to batch.
        SDVariable headsShape = sd.concat(0, sd.shape(inputIds).castTo(DataType.INT64),
                sd.constant(Nd4j.createFromArray((long) spec.heads(), spec.headDim())));
        // Each end token's query sees the positions up to its own: its row of the causal mask.
        SDVariable poolMaskShape = sd.concat(0, sd.constant(Nd4j.createFromArray(-1L, 1, 1)),
                sd.gather(headsShape, new int[] {1}, 0)); // [B, 1, 1, T]
        SDVariable poolMask = sd.reshape(sd.gather(causalMask, endPositions, 0), poolMaskShape); // [B, 1, 1, T]
        SDVariable pooled = encoder.forwardPooled(x, headsShape, causalMask, poolRows, poolMask); // [B, W]
        return finalLayerNorm.forward(pooled); // [B, W]
    }
}

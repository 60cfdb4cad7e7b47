package io.clipj.internal.model;

import io.clipj.weights.WeightScope;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/**
 * HF {@code CLIPEncoder}: the stack of {@link ClipEncoderLayer}s under {@code encoder.layers.{i}}, shared
 * by both towers; the text tower passes a causal mask, the vision tower none.
 *
 * <p>Stateless and thread-safe.
 */
final class ClipEncoder {

    private ClipEncoder() {
    }

    /**
     * @param x          embeddings {@code [B*T, W]}
     * @param scope      the {@code encoder} scope
     * @param headsShape {@code [B, T, H, D]} as a long vector, for splitting rows into heads
     * @param mask       additive {@code [T, T]} mask, or null
     * @return the last hidden state {@code [B*T, W]}
     */
    static SDVariable forward(GraphParams params, SDVariable x, WeightScope scope, EncoderSpec spec,
                              SDVariable headsShape, SDVariable mask) {
        WeightScope layers = scope.pp("layers");
        SDVariable qkvShape = qkvShape(params.sd(), headsShape);
        for (int i = 0; i < spec.layers(); i++) {
            x = ClipEncoderLayer.forward(params, x, layers.pp(i), spec, qkvShape, mask);
        }
        return x;
    }

    /**
     * The whole stack, but only the class token (position 0) of the last layer, which is all the vision
     * tower reads: the last layer's queries, MLP and output projection then run for one row per image
     * instead of T (about 7% of a ViT-B/32's multiply-adds). Same values as {@link #forward} at row 0.
     *
     * @return the last hidden state of the first token {@code [B, W]}
     */
    static SDVariable forwardToFirstToken(GraphParams params, SDVariable x, WeightScope scope, EncoderSpec spec,
                                          int seqLength, SDVariable headsShape) {
        WeightScope layers = scope.pp("layers");
        int last = spec.layers() - 1;
        SDVariable qkvShape = qkvShape(params.sd(), headsShape);
        for (int i = 0; i < last; i++) {
            x = ClipEncoderLayer.forward(params, x, layers.pp(i), spec, qkvShape, null);
        }
        return ClipEncoderLayer.forwardFirstToken(params, x, layers.pp(last), spec, seqLength, headsShape);
    }

    /** {@code [B, T, 3, H, D]} from {@code [B, T, H, D]}: how self-attention splits its fused q/k/v rows. */
    private static SDVariable qkvShape(SameDiff sd, SDVariable headsShape) {
        return sd.concat(0, sd.gather(headsShape, new int[] {0, 1}, 0), sd.constant(Nd4j.createFromArray(3L)),
                sd.gather(headsShape, new int[] {2, 3}, 0));
    }
}

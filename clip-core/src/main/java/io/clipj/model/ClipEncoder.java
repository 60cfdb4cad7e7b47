package io.clipj.model;

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
        // [B, T, 3, H, D]: each layer's attention splits its fused query/key/value rows with this shape.
        SameDiff sd = params.sd();
        SDVariable qkvShape = sd.concat(0, sd.gather(headsShape, new int[] {0, 1}, 0),
                sd.constant(Nd4j.createFromArray(3L)), sd.gather(headsShape, new int[] {2, 3}, 0));
        for (int i = 0; i < spec.layers(); i++) {
            x = ClipEncoderLayer.forward(params, x, layers.pp(i), spec, qkvShape, mask);
        }
        return x;
    }
}

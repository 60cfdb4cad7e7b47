package io.clipj.model;

import io.clipj.weights.WeightScope;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * HF {@code CLIPEncoderLayer}: a pre-LayerNorm transformer block,
 * {@code x + attn(ln1(x))} then {@code x + mlp(ln2(x))}.
 *
 * <p>Stateless and thread-safe.
 */
final class ClipEncoderLayer {

    private ClipEncoderLayer() {
    }

    /** {@code x}: {@code [B*T, W]}; {@code qkvShape}: {@code [B, T, 3, H, D]}; returns {@code [B*T, W]}. */
    static SDVariable forward(GraphParams params, SDVariable x, WeightScope scope, EncoderSpec spec,
                              SDVariable qkvShape, SDVariable mask) {
        SDVariable h = GraphOps.layerNorm(params, x, scope.pp("layer_norm1"), spec.width(), spec.eps());
        x = x.add(ClipAttention.forward(params, h, scope.pp("self_attn"), spec, qkvShape, mask));
        h = GraphOps.layerNorm(params, x, scope.pp("layer_norm2"), spec.width(), spec.eps());
        return x.add(ClipMlp.forward(params, h, scope.pp("mlp"), spec));
    }
}

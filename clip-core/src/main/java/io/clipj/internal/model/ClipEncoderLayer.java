package io.clipj.internal.model;

import io.clipj.weights.WeightScope;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/**
 * HF {@code CLIPEncoderLayer}: a pre-LayerNorm transformer block,
 * {@code x + attn(ln1(x))} then {@code x + mlp(ln2(x))}. Each LayerNorm's affine part is folded into the
 * projections that read it ({@link LayerNormAffine}), so the graph only normalises.
 *
 * <p>Stateless and thread-safe.
 */
final class ClipEncoderLayer {

    private ClipEncoderLayer() {
    }

    /** {@code x}: {@code [B*T, W]}; {@code qkvShape}: {@code [B, T, 3, H, D]}; returns {@code [B*T, W]}. */
    static SDVariable forward(GraphParams params, SDVariable x, WeightScope scope, EncoderSpec spec,
                              SDVariable qkvShape, SDVariable mask) {
        SameDiff sd = params.sd();
        int w = spec.width();
        SDVariable h = GraphOps.normalize(sd, x, spec.eps()); // [B*T, W]
        x = x.add(ClipAttention.forward(params, h, LayerNormAffine.load(params, scope.pp("layer_norm1"), w),
                scope.pp("self_attn"), spec, qkvShape, mask));
        h = GraphOps.normalize(sd, x, spec.eps());
        return x.add(ClipMlp.forward(params, h, LayerNormAffine.load(params, scope.pp("layer_norm2"), w),
                scope.pp("mlp"), spec));
    }

    /**
     * The layer evaluated for one token per sequence only (keys and values still from every token): what the
     * vision tower's last layer needs, since only the class token is read afterwards.
     *
     * @param x          {@code [B*T, W]}
     * @param seqLength  T, to pick row 0 of each sequence
     * @param headsShape {@code [B, T, H, D]}
     * @return {@code [B, W]}, the layer's output at position 0 of each sequence
     */
    static SDVariable forwardFirstToken(GraphParams params, SDVariable x, WeightScope scope, EncoderSpec spec,
                                        int seqLength, SDVariable headsShape) {
        SameDiff sd = params.sd();
        int w = spec.width();
        SDVariable first = sd.reshape(x, -1, seqLength, w).get(SDIndex.all(), SDIndex.point(0), SDIndex.all()); // [B, W]
        SDVariable h = GraphOps.normalize(sd, x, spec.eps()); // [B*T, W]
        SDVariable hFirst = sd.reshape(h, -1, seqLength, w).get(SDIndex.all(), SDIndex.point(0), SDIndex.all());
        SDVariable queryShape = sd.constant(Nd4j.createFromArray(-1L, 1, spec.heads(), spec.headDim()));
        first = first.add(ClipAttention.forward(params, hFirst, queryShape, h, headsShape,
                LayerNormAffine.load(params, scope.pp("layer_norm1"), w), scope.pp("self_attn"), spec, null)); // [B, W]
        h = GraphOps.normalize(sd, first, spec.eps());
        return first.add(ClipMlp.forward(params, h, LayerNormAffine.load(params, scope.pp("layer_norm2"), w),
                scope.pp("mlp"), spec)); // [B, W]
    }
}

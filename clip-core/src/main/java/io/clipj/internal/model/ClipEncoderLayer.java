package io.clipj.internal.model;

import java.util.function.UnaryOperator;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * HF {@code CLIPEncoderLayer}: a pre-LayerNorm transformer block, {@code x + self_attn(layer_norm1(x))} then
 * {@code x + mlp(layer_norm2(x))}. Each LayerNorm's affine part is folded into the projections that read it
 * ({@link LayerNorm#foldInto}), so the graph only runs {@link LayerNorm#withoutAffine}.
 *
 * <p>Immutable after construction; used by one thread while a graph is built.
 */
final class ClipEncoderLayer {

    private final GraphParams vs;
    private final int width;
    private final LayerNorm layerNorm1;
    private final ClipAttention selfAttn;
    private final LayerNorm layerNorm2;
    private final ClipMlp mlp;

    /** The layer at {@code vs} ({@code ...encoder.layers.i}). */
    ClipEncoderLayer(GraphParams vs, EncoderSpec spec) {
        this.vs = vs;
        this.width = spec.width();
        this.layerNorm1 = LayerNorm.load(vs.pp("layer_norm1"), width, spec.eps());
        this.selfAttn = new ClipAttention(vs.pp("self_attn"), spec, layerNorm1);
        this.layerNorm2 = LayerNorm.load(vs.pp("layer_norm2"), width, spec.eps());
        this.mlp = new ClipMlp(vs.pp("mlp"), spec, layerNorm2);
    }

    /**
     * @param x        {@code [B*T, W]}
     * @param qkvShape {@code [B, T, 3, H, D]} as a long vector
     * @param mask     additive {@code [T, T]} mask, or null
     * @return {@code [B*T, W]}
     */
    SDVariable forward(SDVariable x, SDVariable qkvShape, SDVariable mask) {
        SDVariable h = layerNorm1.withoutAffine(x); // [B*T, W]
        x = x.add(selfAttn.forward(h, qkvShape, mask)); // [B*T, W]
        h = layerNorm2.withoutAffine(x); // [B*T, W]
        return x.add(mlp.forward(h)); // [B*T, W]
    }

    /**
     * The layer's output at the class token (position 0 of each sequence) only, keys and values still from
     * every token: what the vision tower's last layer needs, since only the class token is read afterwards.
     *
     * @param x          {@code [B*T, W]}
     * @param seqLength  T, to pick row 0 of each sequence
     * @param headsShape {@code [B, T, H, D]} as a long vector
     * @return {@code [B, W]}
     */
    SDVariable forwardClassToken(SDVariable x, int seqLength, SDVariable headsShape) {
        return forwardRows(x, rows -> classRows(rows, seqLength), headsShape, null);
    }

    /**
     * The layer's output at one row per sequence only, the rows {@code pick} takes from a {@code [B*T, W]}
     * value, keys and values still from every token.
     *
     * @param x          {@code [B*T, W]}
     * @param pick       {@code [B*T, W]} to the {@code [B, W]} rows wanted
     * @param headsShape {@code [B, T, H, D]} as a long vector
     * @param rowMask    additive {@code [B, 1, 1, T]} mask of the picked rows' queries, or null
     * @return {@code [B, W]}
     */
    SDVariable forwardRows(SDVariable x, UnaryOperator<SDVariable> pick, SDVariable headsShape, SDVariable rowMask) {
        SDVariable rows = pick.apply(x); // [B, W]
        SDVariable h = layerNorm1.withoutAffine(x); // [B*T, W]
        rows = rows.add(selfAttn.forwardRows(pick.apply(h), h, headsShape, rowMask)); // [B, W]
        h = layerNorm2.withoutAffine(rows); // [B, W]
        return rows.add(mlp.forward(h)); // [B, W]
    }

    /** Row 0 of each sequence: {@code [B*T, W]} to {@code [B, W]}. */
    private SDVariable classRows(SDVariable rows, int seqLength) {
        SameDiff sd = vs.sd();
        return sd.reshape(rows, -1, seqLength, width) // [B, T, W]
                .get(SDIndex.all(), SDIndex.point(0), SDIndex.all()); // [B, W]
    }
}

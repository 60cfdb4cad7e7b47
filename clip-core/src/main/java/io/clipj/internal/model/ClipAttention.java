package io.clipj.internal.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * HF {@code CLIPAttention}: multi-head scaled dot-product attention with {@code q_proj}, {@code k_proj},
 * {@code v_proj} and {@code out_proj}, written out because ND4J's built-in attention uses another layout
 * and cannot take the text tower's causal mask.
 *
 * <p>Three rewrites at load time, each exact in real arithmetic: HF's query scaling {@code D^-0.5} is folded
 * into {@code q_proj}'s weight and bias (exact when D is a power of four, as in every OpenAI CLIP, within one
 * float rounding otherwise); the three projections are stacked into one {@code [3W, W]} {@code qkv_proj}, so
 * self-attention runs one larger matrix multiply and one permute for queries, keys and values together; and
 * the affine part of the encoder layer's {@code layer_norm1} is folded into that projection
 * ({@link LayerNorm#foldInto}).
 *
 * <p>Immutable after construction; used by one thread while a graph is built.
 */
final class ClipAttention {

    private final GraphParams vs;
    private final int width;
    private final int heads;
    private final int headDim;
    private final INDArray qkvWeight; // [3W, W]: q_proj (scaled), k_proj, v_proj, with layer_norm1's affine
    private final INDArray qkvBias; // [3W]
    private final Linear outProj;

    /** The attention at {@code vs} ({@code ...layers.i.self_attn}), reading the output of {@code norm}. */
    ClipAttention(GraphParams vs, EncoderSpec spec, LayerNorm norm) {
        this.vs = vs;
        this.width = spec.width();
        this.heads = spec.heads();
        this.headDim = spec.headDim();
        double queryScale = 1.0 / Math.sqrt(headDim); // HF's self.scale
        INDArray[] q = projection(vs.pp("q_proj"), queryScale);
        INDArray[] k = projection(vs.pp("k_proj"), 1.0);
        INDArray[] v = projection(vs.pp("v_proj"), 1.0);
        this.qkvWeight = Nd4j.concat(0, q[0], k[0], v[0]); // [3W, W]
        this.qkvBias = norm.foldInto(qkvWeight, Nd4j.concat(0, q[1], k[1], v[1])); // [3W]
        this.outProj = Linear.load(vs.pp("out_proj"), width, width, true);
    }

    /** A {@code [W, W]} projection's weight and bias, both multiplied by {@code scale}. */
    private INDArray[] projection(GraphParams proj, double scale) {
        INDArray weight = proj.load("weight", width, width);
        INDArray bias = proj.load("bias", width);
        return scale == 1.0 ? new INDArray[] {weight, bias} : new INDArray[] {weight.muli(scale), bias.muli(scale)};
    }

    /**
     * Self-attention of every token, queries, keys and values from the one stacked {@code qkv_proj}.
     *
     * @param x        {@code [B*T, W]}: {@code layer_norm1} without its affine part
     * @param qkvShape {@code [B, T, 3, H, D]} as a long vector (B or T may be -1)
     * @param mask     additive attention mask broadcastable to {@code [B, H, T, T]}, or null
     * @return {@code [B*T, W]}
     */
    SDVariable forward(SDVariable x, SDVariable qkvShape, SDVariable mask) {
        SameDiff sd = vs.sd();
        SDVariable qkv = new Linear(vs.pp("qkv_proj"), qkvWeight, qkvBias).forward(x); // [B*T, 3W]
        SDVariable qkvHeads = sd.permute(sd.reshape(qkv, qkvShape), 2, 0, 3, 1, 4); // [B, T, 3, H, D] -> [3, B, H, T, D]
        // unstack along the outer axis copies three contiguous blocks; split along an inner axis is 3x slower.
        SDVariable[] qkvSplit = sd.unstack(qkvHeads, 0, 3); // 3 x [B, H, T, D]
        return attend(qkvSplit[0], qkvSplit[1], qkvSplit[2], mask); // [B*T, W]
    }

    /**
     * The attention output at some query rows only (one per sequence), keys and values still from every
     * token: all a last layer needs when only those rows are read afterwards (the vision tower's class token,
     * the text tower's end tokens). Queries, keys and values come from three projections (rows of the stacked
     * one), since the queries are one row per sequence.
     *
     * @param queryRows  {@code [B, W]}: one row of {@code x} per sequence
     * @param x          {@code [B*T, W]}: {@code layer_norm1} without its affine part
     * @param headsShape {@code [B, T, H, D]} as a long vector
     * @param mask       additive mask {@code [B, 1, 1, T]} (each query row's row of the causal mask), or null
     * @return {@code [B, W]}
     */
    SDVariable forwardRows(SDVariable queryRows, SDVariable x, SDVariable headsShape, SDVariable mask) {
        SameDiff sd = vs.sd();
        SDVariable rowHeadsShape = sd.constant(Nd4j.createFromArray(-1L, 1, heads, headDim)); // [B, 1, H, D]
        SDVariable q = heads(projectionRows(vs.pp("q_proj"), 0).forward(queryRows), rowHeadsShape); // [B, H, 1, D]
        SDVariable k = heads(projectionRows(vs.pp("k_proj"), 1).forward(x), headsShape); // [B, H, T, D]
        SDVariable v = heads(projectionRows(vs.pp("v_proj"), 2).forward(x), headsShape); // [B, H, T, D]
        return attend(q, k, v, mask); // [B, W]
    }

    /** Projection {@code part} (0: q, 1: k, 2: v) of the stacked {@code qkv_proj}, as its own Linear. */
    private Linear projectionRows(GraphParams proj, int part) {
        INDArray weight = qkvWeight.get(NDArrayIndex.interval(part * width, (part + 1) * width), NDArrayIndex.all());
        INDArray bias = qkvBias.get(NDArrayIndex.interval(part * width, (part + 1) * width));
        return new Linear(proj, weight.dup(), bias.dup()); // [W, W], [W]
    }

    /**
     * {@code softmax(q·kᵀ + mask)·v} over heads, then {@code out_proj}: q {@code [B, H, Q, D]}, k and v
     * {@code [B, H, T, D]} (q pre-scaled); returns {@code [B*Q, W]}.
     */
    private SDVariable attend(SDVariable q, SDVariable k, SDVariable v, SDVariable mask) {
        SameDiff sd = vs.sd();
        SDVariable scores = sd.mmul(q, k, false, true, false); // [B, H, Q, T]
        if (mask != null) {
            scores = scores.add(mask); // [B, H, Q, T]
        }
        SDVariable probs = sd.nn().softmax(scores, 3); // [B, H, Q, T]
        SDVariable context = sd.mmul(probs, v); // [B, H, Q, D]
        context = sd.reshape(sd.permute(context, 0, 2, 1, 3), -1, width); // [B, Q, H, D] -> [B*Q, W]
        return outProj.forward(context); // [B*Q, W]
    }

    /** {@code [B*T, W]} rows to {@code [B, H, T, D]} heads. */
    private SDVariable heads(SDVariable rows, SDVariable headsShape) {
        SameDiff sd = vs.sd();
        return sd.permute(sd.reshape(rows, headsShape), 0, 2, 1, 3); // [B, T, H, D] -> [B, H, T, D]
    }
}

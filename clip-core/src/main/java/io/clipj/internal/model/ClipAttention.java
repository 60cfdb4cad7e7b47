package io.clipj.internal.model;

import io.clipj.weights.WeightScope;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * HF {@code CLIPAttention}: multi-head scaled dot-product self-attention with {@code q_proj}, {@code k_proj},
 * {@code v_proj} and {@code out_proj}, written out because ND4J's built-in attention uses another layout
 * and cannot take the text tower's causal mask.
 *
 * <p>HF multiplies the projected queries by {@code D^-0.5}; here that factor is folded into
 * {@code q_proj}'s weight and bias once at load time (exact when D is a power of four, as in every OpenAI
 * CLIP, and within one float rounding otherwise), which saves one op per layer. For self-attention the three
 * projections are stacked into one {@code [3W, W]} weight at load time, so each layer runs one larger matrix
 * multiply (with its bias) and one permute for queries, keys and values together. The affine part of the
 * LayerNorm before the attention is folded into these projections ({@link LayerNormAffine}).
 *
 * <p>Stateless and thread-safe.
 */
final class ClipAttention {

    private ClipAttention() {
    }

    /**
     * Self-attention of every token, queries, keys and values from one fused matrix multiply.
     *
     * @param x        normalised hidden states {@code [B*T, W]} (LayerNorm without its affine part)
     * @param ln       the affine part of that LayerNorm, folded into q/k/v
     * @param qkvShape the shape {@code [B, T, 3, H, D]} (a long vector; B or T may be -1)
     * @param mask     additive attention mask broadcastable to {@code [B, H, T, T]}, or null
     * @return {@code [B*T, W]}
     */
    static SDVariable forward(GraphParams params, SDVariable x, LayerNormAffine ln, WeightScope scope,
                              EncoderSpec spec, SDVariable qkvShape, SDVariable mask) {
        SameDiff sd = params.sd();
        int w = spec.width();
        INDArray[] fused = fusedProjection(params, scope, spec);
        INDArray weight = fused[0]; // [3W, W]
        INDArray bias = ln.foldInto(weight, fused[1]); // [3W]
        SDVariable qkv = GraphOps.linear(sd, x, scope.key("qkv_proj.weight"), weight, scope.key("qkv_proj.bias"),
                bias); // [B*T, 3W]
        SDVariable heads = sd.permute(sd.reshape(qkv, qkvShape), 2, 0, 3, 1, 4); // [B, T, 3, H, D] -> [3, B, H, T, D]
        // unstack along the outer axis copies three contiguous blocks; split along an inner axis is 3x slower.
        SDVariable[] qkvHeads = sd.unstack(heads, 0, 3); // 3 x [B, H, T, D]
        SDVariable scores = sd.mmul(qkvHeads[0], qkvHeads[1], false, true, false); // [B, H, T, T]
        if (mask != null) {
            scores = scores.add(mask);
        }
        SDVariable probs = sd.nn().softmax(scores, 3); // [B, H, T, T]
        SDVariable context = sd.mmul(probs, qkvHeads[2]); // [B, H, T, D]
        context = sd.reshape(sd.permute(context, 0, 2, 1, 3), -1, w); // [B*T, W]
        return GraphOps.linear(params, context, scope.pp("out_proj"), w, w, true); // [B*T, W]
    }

    /**
     * {@code q_proj}, {@code k_proj} and {@code v_proj} stacked into one {@code [3W, W]} weight (HF's
     * {@code [out, in]} layout) and one {@code [3W]} bias, the query's scaled by {@code D^-0.5}: one matrix
     * multiply instead of three.
     *
     * @return weight and bias
     */
    private static INDArray[] fusedProjection(GraphParams params, WeightScope scope, EncoderSpec spec) {
        INDArray[] q = projection(params, scope.pp("q_proj"), spec, queryScale(spec));
        INDArray[] k = projection(params, scope.pp("k_proj"), spec, 1.0);
        INDArray[] v = projection(params, scope.pp("v_proj"), spec, 1.0);
        return new INDArray[] {Nd4j.concat(0, q[0], k[0], v[0]), Nd4j.concat(0, q[1], k[1], v[1])}; // [3W, W], [3W]
    }

    /** A {@code [W, W]} projection's weight and bias, both multiplied by {@code scale}. */
    private static INDArray[] projection(GraphParams params, WeightScope scope, EncoderSpec spec, double scale) {
        int w = spec.width();
        INDArray weight = params.load(scope, "weight", w, w);
        INDArray bias = params.load(scope, "bias", w);
        return scale == 1.0 ? new INDArray[] {weight, bias} : new INDArray[] {weight.muli(scale), bias.muli(scale)};
    }

    /** HF's query scaling {@code D^-0.5}, folded into {@code q_proj}. */
    private static double queryScale(EncoderSpec spec) {
        return 1.0 / Math.sqrt(spec.headDim());
    }

    /**
     * Attention of some query tokens to all tokens: {@code queries} {@code [B*Q, W]} attend to {@code x}
     * {@code [B*T, W]}. With Q = T and the same rows this is self-attention; the vision tower's last layer
     * uses Q = 1 (the class token), the only row its output reads. Both {@code queries} and {@code x} are
     * normalised rows whose LayerNorm affine part is {@code ln}.
     *
     * @return {@code [B*Q, W]}
     */
    static SDVariable forward(GraphParams params, SDVariable queries, SDVariable queryHeadsShape, SDVariable x,
                              SDVariable headsShape, LayerNormAffine ln, WeightScope scope, EncoderSpec spec,
                              SDVariable mask) {
        SameDiff sd = params.sd();
        int w = spec.width();
        SDVariable q = heads(sd, scaledQuery(params, queries, ln, scope.pp("q_proj"), spec), queryHeadsShape); // [B, H, Q, D]
        SDVariable k = heads(sd, GraphOps.linear(params, x, scope.pp("k_proj"), w, w, true, ln), headsShape); // [B, H, T, D]
        SDVariable v = heads(sd, GraphOps.linear(params, x, scope.pp("v_proj"), w, w, true, ln), headsShape);
        SDVariable scores = sd.mmul(q, k, false, true, false); // [B, H, Q, T]
        if (mask != null) {
            scores = scores.add(mask);
        }
        SDVariable probs = sd.nn().softmax(scores, 3); // [B, H, Q, T]
        SDVariable context = sd.mmul(probs, v); // [B, H, Q, D]
        context = sd.reshape(sd.permute(context, 0, 2, 1, 3), -1, w); // [B*Q, W]
        return GraphOps.linear(params, context, scope.pp("out_proj"), w, w, true); // [B*Q, W]
    }

    /** {@code q_proj(x) · D^-0.5} with the factor (and the LayerNorm affine {@code ln}) folded into the weights. */
    private static SDVariable scaledQuery(GraphParams params, SDVariable x, LayerNormAffine ln, WeightScope scope,
                                          EncoderSpec spec) {
        INDArray[] q = projection(params, scope, spec, queryScale(spec));
        INDArray bias = ln.foldInto(q[0], q[1]);
        return GraphOps.linear(params.sd(), x, scope.key("weight"), q[0], scope.key("bias"), bias); // [B*Q, W]
    }

    /** {@code [B*T, W]} to {@code [B, H, T, D]}. */
    private static SDVariable heads(SameDiff sd, SDVariable rows, SDVariable headsShape) {
        return sd.permute(sd.reshape(rows, headsShape), 0, 2, 1, 3); // [B, T, H, D] -> [B, H, T, D]
    }
}

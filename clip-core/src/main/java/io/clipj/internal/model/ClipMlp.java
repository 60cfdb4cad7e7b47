package io.clipj.internal.model;

import io.clipj.weights.WeightScope;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * HF {@code CLIPMLP}: {@code fc2(act(fc1(x)))} with the activation named by {@code hidden_act}.
 *
 * <p>Stateless and thread-safe.
 */
final class ClipMlp {

    private static final double INV_SQRT2 = 1.0 / Math.sqrt(2.0);

    private ClipMlp() {
    }

    /**
     * @param x  normalised rows {@code [N, W]} (LayerNorm without its affine part)
     * @param ln the affine part of that LayerNorm, folded into {@code fc1}
     * @return {@code [N, W]}
     */
    static SDVariable forward(GraphParams params, SDVariable x, LayerNormAffine ln, WeightScope scope,
                              EncoderSpec spec) {
        SDVariable h = GraphOps.linear(params, x, scope.pp("fc1"), spec.width(), spec.intermediate(), true, ln); // [N, I]
        h = activation(params.sd(), h, spec.hiddenAct());
        return GraphOps.linear(params, h, scope.pp("fc2"), spec.intermediate(), spec.width(), true); // [N, W]
    }

    static SDVariable activation(SameDiff sd, SDVariable x, String hiddenAct) {
        switch (hiddenAct) {
            case "quick_gelu":
                // ND4J's gelu is the sigmoid approximation x·σ(1.702x), which is exactly QuickGELU
                // (checked in ClipMlpTest).
                return sd.nn().gelu(x);
            case "gelu":
                // Exact GELU, 0.5·x·(1 + erf(x/√2)), as torch.nn.functional.gelu; ND4J has no such op.
                return x.mul(0.5).mul(sd.math().erf(x.mul(INV_SQRT2)).add(1.0));
            default:
                throw new IllegalArgumentException("hidden_act '" + hiddenAct + "' is not supported");
        }
    }
}

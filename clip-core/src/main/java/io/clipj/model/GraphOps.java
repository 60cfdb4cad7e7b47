package io.clipj.model;

import io.clipj.weights.WeightScope;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The two primitive modules every CLIP block is made of, {@code nn.Linear} and {@code nn.LayerNorm},
 * written for rank-2 token rows {@code [N, W]}.
 *
 * <p>Stateless and thread-safe.
 */
final class GraphOps {

    private GraphOps() {
    }

    /**
     * {@code nn.Linear}: {@code x·Wᵀ + b}. HF stores Linear weights as {@code [out, in]}; the matrix
     * multiply reads them transposed instead of copying them.
     */
    static SDVariable linear(GraphParams params, SDVariable x, WeightScope scope, int in, int out, boolean bias) {
        SameDiff sd = params.sd();
        SDVariable w = params.constant(scope, "weight", out, in);
        SDVariable y = sd.mmul(x, w, false, true, false); // [N, out]
        return bias ? y.add(params.constant(scope, "bias", out)) : y;
    }

    /**
     * {@code nn.LayerNorm} over the last axis of {@code [N, W]}: {@code (x - mean) / sqrt(var + eps) · γ + β}.
     * Composed by hand because ND4J's layerNorm has no epsilon; axis 1 is given explicitly because
     * keepDims reductions over a negative axis are wrong in ND4J 1.0.0-M2.1.
     */
    static SDVariable layerNorm(GraphParams params, SDVariable x, WeightScope scope, int width, double eps) {
        SameDiff sd = params.sd();
        SDVariable centered = x.sub(x.mean(true, 1)); // [N, W]
        SDVariable variance = sd.math().square(centered).mean(true, 1); // [N, 1]
        SDVariable inverseStd = sd.math().rsqrt(variance.add(eps)); // [N, 1]
        SDVariable gamma = params.constant(scope, "weight", width);
        SDVariable beta = params.constant(scope, "bias", width);
        return centered.mul(inverseStd).mul(gamma).add(beta); // [N, W]
    }
}

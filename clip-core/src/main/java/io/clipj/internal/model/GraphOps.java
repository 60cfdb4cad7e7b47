package io.clipj.internal.model;

import io.clipj.weights.WeightScope;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The two primitive modules every CLIP block is made of, {@code nn.Linear} and {@code nn.LayerNorm},
 * written for rank-2 token rows {@code [N, W]}.
 *
 * <p>Inside the encoder layers a LayerNorm always feeds Linear layers, so its elementwise affine part is
 * folded into their weights at load time ({@link LayerNormAffine}): {@code Linear(γ⊙x̂ + β)} is
 * {@code (W·diag γ)·x̂ + (b + W·β)}. The graph then normalises ({@link #normalize}) and multiplies, two
 * passes over the widest activations fewer per LayerNorm.
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
        return linear(params, x, scope, in, out, bias, null);
    }

    /**
     * {@code nn.Linear} applied to the output of a LayerNorm whose affine part {@code ln} (or null) is folded
     * into the weights; {@code x} is then the normalised {@code x̂} from {@link #normalize}.
     */
    static SDVariable linear(GraphParams params, SDVariable x, WeightScope scope, int in, int out, boolean bias,
                             LayerNormAffine ln) {
        INDArray weight = params.load(scope, "weight", out, in); // [out, in]
        INDArray b = bias ? params.load(scope, "bias", out) : null; // [out]
        if (ln != null) {
            b = ln.foldInto(weight, b);
        }
        return linear(params.sd(), x, scope.key("weight"), weight, b == null ? null : scope.key("bias"), b);
    }

    /**
     * {@code x·Wᵀ + b} with constants named {@code weightName} and {@code biasName} ({@code bias} may be null).
     * Not ND4J's fused {@code xw_plus_b}: inside SameDiff its output comes out column-major, which made it
     * and the ops after it slower (measured: 45 vs 35 ms per {@code [1600, 768]·[768, 3072]}, plus a 20 ms
     * copy in the next reshape).
     */
    static SDVariable linear(SameDiff sd, SDVariable x, String weightName, INDArray weight, String biasName,
                             INDArray bias) {
        SDVariable y = sd.mmul(x, sd.constant(weightName, weight), false, true, false); // [N, out]
        return bias == null ? y : y.add(sd.constant(biasName, bias));
    }

    /**
     * {@code nn.LayerNorm} over the last axis of {@code [N, W]}: {@code (x - mean) / sqrt(var + eps) · γ + β}.
     * Composed by hand because ND4J's layerNorm has no epsilon.
     */
    static SDVariable layerNorm(GraphParams params, SDVariable x, WeightScope scope, int width, double eps) {
        SDVariable gamma = params.constant(scope, "weight", width);
        SDVariable beta = params.constant(scope, "bias", width);
        return normalize(params.sd(), x, eps).mul(gamma).add(beta); // [N, W]
    }

    /**
     * LayerNorm without its affine part, {@code x̂ = (x - mean) / sqrt(var + eps)} per row. Mean and (biased)
     * variance come from one {@code moments} op; axis 1 is given explicitly because keepDims reductions over
     * a negative axis are wrong in ND4J 1.0.0-M2.1.
     */
    static SDVariable normalize(SameDiff sd, SDVariable x, double eps) {
        SDVariable[] moments = sd.math().moments(x, new int[] {1}, true); // mean, variance: [N, 1] each
        return x.sub(moments[0]).mul(sd.math().rsqrt(moments[1].add(eps))); // [N, W]
    }
}

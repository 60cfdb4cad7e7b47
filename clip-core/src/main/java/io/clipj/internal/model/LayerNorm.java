package io.clipj.internal.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * HF {@code nn.LayerNorm} over the last axis of rank-2 rows {@code [N, W]}:
 * {@code (x - mean) / sqrt(var + eps) · γ + β}, composed by hand because ND4J's layerNorm has no epsilon.
 *
 * <p>Inside the encoder layers a LayerNorm always feeds Linear layers, so its elementwise affine part
 * ({@code γ}, {@code β}) is folded into their weights at load time ({@link #foldInto}) and the graph only
 * runs {@link #withoutAffine}: two passes over the widest activations fewer per LayerNorm.
 *
 * <p>Immutable after construction; used by one thread while a graph is built.
 */
final class LayerNorm {

    private final GraphParams vs;
    private final INDArray gamma; // [W]
    private final INDArray beta; // [W]
    private final double eps;

    private LayerNorm(GraphParams vs, INDArray gamma, INDArray beta, double eps) {
        this.vs = vs;
        this.gamma = gamma;
        this.beta = beta;
        this.eps = eps;
    }

    /** The LayerNorm at {@code vs}: {@code weight} (γ) and {@code bias} (β) of {@code width}. */
    static LayerNorm load(GraphParams vs, int width, double eps) {
        return new LayerNorm(vs, vs.load("weight", width), vs.load("bias", width), eps);
    }

    /** {@code [N, W]} to {@code [N, W]}, with γ and β as graph constants. */
    SDVariable forward(SDVariable x) {
        SDVariable g = vs.constant("weight", gamma);
        SDVariable b = vs.constant("bias", beta);
        return withoutAffine(x).mul(g).add(b); // [N, W]
    }

    /**
     * This LayerNorm without its affine part, {@code x̂ = (x - mean) / sqrt(var + eps)} per row, for a reader
     * that has γ and β folded in. Mean and (biased) variance come from one {@code moments} op; axis 1 is given
     * explicitly because keepDims reductions over a negative axis are wrong in ND4J 1.0.0-M2.1.
     */
    SDVariable withoutAffine(SDVariable x) {
        SameDiff sd = vs.sd();
        SDVariable[] moments = sd.math().moments(x, new int[] {1}, true); // mean, variance: [N, 1] each
        return x.sub(moments[0]).mul(sd.math().rsqrt(moments[1].add(eps))); // [N, W]
    }

    /**
     * Folds γ and β into a Linear layer that reads this LayerNorm's output: for {@code y = W·(γ⊙x̂ + β) + b}
     * the graph computes {@code y = W'·x̂ + b'} with {@code W' = W·diag γ} and {@code b' = b + W·β}. Exact in
     * real arithmetic; in float32 it moves results by a few ulps. Scales the columns of {@code weight}
     * ({@code [out, in]}) in place and returns the new bias ({@code bias} may be null: no bias).
     */
    INDArray foldInto(INDArray weight, INDArray bias) {
        INDArray shift = weight.mmul(beta.reshape(beta.length(), 1)).reshape(weight.rows()); // W·β: [out]
        weight.muliRowVector(gamma); // [out, in]
        return bias == null ? shift : bias.add(shift);
    }
}

package io.clipj.internal.model;

import io.clipj.weights.WeightScope;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The elementwise affine part of an {@code nn.LayerNorm}, {@code γ} ({@code weight}) and {@code β}
 * ({@code bias}), held to be folded into the Linear layers that read the normalised rows: for
 * {@code y = W·(γ⊙x̂ + β) + b} the graph computes {@code y = W'·x̂ + b'} with {@code W' = W·diag γ} and
 * {@code b' = b + W·β}. Exact in real arithmetic; in float32 it moves results by a few ulps.
 *
 * <p>Immutable after {@link #load}; used by one thread while a graph is built.
 *
 * @param gamma {@code [W]}
 * @param beta  {@code [W]}
 */
record LayerNormAffine(INDArray gamma, INDArray beta) {

    /** {@code weight} and {@code bias} of the LayerNorm at {@code scope}, of width {@code width}. */
    static LayerNormAffine load(GraphParams params, WeightScope scope, int width) {
        return new LayerNormAffine(params.load(scope, "weight", width), params.load(scope, "bias", width));
    }

    /**
     * Folds this affine into a Linear layer: scales the columns of {@code weight} ({@code [out, in]}, changed
     * in place) by γ and returns the new bias {@code bias + W·β} ({@code bias} may be null: no bias).
     */
    INDArray foldInto(INDArray weight, INDArray bias) {
        INDArray shift = weight.mmul(beta.reshape(beta.length(), 1)).reshape(weight.rows()); // W·β: [out]
        weight.muliRowVector(gamma); // [out, in]
        return bias == null ? shift : bias.add(shift);
    }
}

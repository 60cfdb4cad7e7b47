package io.clipj.internal.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * HF {@code nn.Linear}, {@code y = x·Wᵀ + b}, on rank-2 rows {@code [N, in]}. HF stores Linear weights as
 * {@code [out, in]}; the matrix multiply reads them transposed instead of copying them. Not ND4J's fused
 * {@code xw_plus_b}: inside SameDiff its output comes out column-major, which slows it and the ops after it
 * (docs/performance.md).
 *
 * <p>Immutable after construction; used by one thread while a graph is built.
 */
final class Linear {

    private final GraphParams vs;
    private final INDArray weight; // [out, in]
    private final INDArray bias; // [out], or null

    /** A Linear layer with the given (possibly rewritten) weight and bias, named in scope {@code vs}. */
    Linear(GraphParams vs, INDArray weight, INDArray bias) {
        this.vs = vs;
        this.weight = weight;
        this.bias = bias;
    }

    /** The Linear layer at {@code vs}: {@code weight} {@code [out, in]} and, if {@code bias}, {@code bias}. */
    static Linear load(GraphParams vs, int in, int out, boolean bias) {
        return new Linear(vs, vs.load("weight", out, in), bias ? vs.load("bias", out) : null);
    }

    /**
     * The Linear layer at {@code vs} reading the output of {@code norm}, whose affine part is folded into its
     * weight and bias ({@link LayerNorm#foldInto}); its input is then {@link LayerNorm#withoutAffine}.
     */
    static Linear load(GraphParams vs, int in, int out, LayerNorm norm) {
        INDArray weight = vs.load("weight", out, in);
        INDArray bias = norm.foldInto(weight, vs.load("bias", out));
        return new Linear(vs, weight, bias);
    }

    /** {@code x} {@code [N, in]} to {@code [N, out]}. */
    SDVariable forward(SDVariable x) {
        SDVariable y = vs.sd().mmul(x, vs.constant("weight", weight), false, true, false); // [N, out]
        return bias == null ? y : y.add(vs.constant("bias", bias)); // [N, out]
    }
}

package io.clipj.weights;

import java.util.Arrays;

/**
 * Name, element type and shape of one tensor in a checkpoint, known before its data is read.
 *
 * <p>Immutable and thread-safe (the shape array is copied in and out).
 *
 * @param name  the checkpoint key, e.g. {@code text_model.embeddings.token_embedding.weight}
 * @param dtype how the elements are stored in the file
 * @param shape dimensions, outermost first; empty for a scalar
 */
public record TensorInfo(String name, DType dtype, long[] shape) {

    public TensorInfo {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements (1 for a scalar). */
    public long elementCount() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && name.equals(t.name) && dtype == t.dtype && Arrays.equals(shape, t.shape);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + dtype.hashCode()) + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape);
    }
}

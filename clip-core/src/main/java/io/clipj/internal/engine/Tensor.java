package io.clipj.internal.engine;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A value of the plan: a strided view ({@code shape}, element {@code strides}, element {@code offset}) of one
 * {@link Slot}. Reshapes of dense views, permutes and outer-axis unstacks are new views of the same slot, not
 * copies, so attention reads its heads straight out of the fused q/k/v rows.
 *
 * <p>Not thread-safe: a tensor belongs to one plan, which belongs to one thread.
 */
final class Tensor {

    final Slot slot;
    final long offset;
    final long[] shape;
    final long[] strides;

    Tensor(Slot slot, long offset, long[] shape, long[] strides) {
        this.slot = slot;
        this.offset = offset;
        this.shape = shape.clone();
        this.strides = strides.clone();
    }

    /** A fresh dense row-major tensor on its own slot. */
    static Tensor dense(DataType type, long[] shape) {
        return new Tensor(new Slot(type, length(shape)), 0, shape, Dnnl.denseStrides(shape));
    }

    static long length(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    DataType type() {
        return slot.type;
    }

    int rank() {
        return shape.length;
    }

    long length() {
        return length(shape);
    }

    /** True if the elements are contiguous in row-major order. */
    boolean isDense() {
        long acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != acc) {
                return false;
            }
            acc *= shape[i];
        }
        return true;
    }

    /** The same elements under another shape; only for dense tensors. */
    Tensor reshape(long[] newShape) {
        if (!isDense() || length(newShape) != length()) {
            throw new IllegalStateException("reshape of a non-dense view " + this + " to " + Arrays.toString(newShape));
        }
        return new Tensor(slot, offset, newShape, Dnnl.denseStrides(newShape));
    }

    /** Axes reordered: output axis i is input axis {@code order[i]}. */
    Tensor permute(int[] order) {
        long[] s = new long[order.length];
        long[] st = new long[order.length];
        for (int i = 0; i < order.length; i++) {
            s[i] = shape[order[i]];
            st[i] = strides[order[i]];
        }
        return new Tensor(slot, offset, s, st);
    }

    /** Index {@code i} of axis 0, dropped. */
    Tensor index0(long i) {
        return new Tensor(slot, offset + i * strides[0], Arrays.copyOfRange(shape, 1, shape.length),
                Arrays.copyOfRange(strides, 1, strides.length));
    }

    /** The last two axes swapped (a transposed matrix view). */
    Tensor transposeLast() {
        int r = shape.length;
        int[] order = new int[r];
        for (int i = 0; i < r; i++) {
            order[i] = i;
        }
        order[r - 2] = r - 1;
        order[r - 1] = r - 2;
        return permute(order);
    }

    /** Native address of element 0, valid once the plan's memory is laid out. */
    long address() {
        return slot.address() + offset * slot.type.width();
    }

    /** An ND4J view of this tensor, valid once the plan's memory is laid out. */
    INDArray array() {
        return Nd4j.create(slot.data(), shape, strides, slot.elementOffset() + offset, 'c', slot.type);
    }

    @Override
    public String toString() {
        return slot.type + Arrays.toString(shape) + " strides " + Arrays.toString(strides) + " +" + offset;
    }
}

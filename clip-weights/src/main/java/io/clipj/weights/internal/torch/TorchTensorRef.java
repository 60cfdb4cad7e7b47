package io.clipj.weights.internal.torch;

import java.util.Arrays;

/**
 * A tensor as {@code torch._utils._rebuild_tensor_v2} describes it: a view of a storage with an element
 * offset, a shape and strides (in elements).
 *
 * <p>Immutable and thread-safe.
 */
public record TorchTensorRef(TorchStorage storage, long storageOffset, long[] size, long[] stride) {

    public TorchTensorRef {
        size = size.clone();
        stride = stride.clone();
    }

    public long elementCount() {
        long n = 1;
        for (long d : size) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Whether the elements are laid out row-major without gaps (dimensions of size 1 may have any stride). */
    public boolean isContiguous() {
        long expected = 1;
        for (int i = size.length - 1; i >= 0; i--) {
            if (size[i] != 1 && stride[i] != expected) {
                return false;
            }
            expected *= size[i];
        }
        return true;
    }

    /** One past the largest storage element this view touches (its storage offset when empty). */
    public long extent() {
        if (elementCount() == 0) {
            return storageOffset;
        }
        long last = storageOffset;
        for (int i = 0; i < size.length; i++) {
            last = Math.addExact(last, Math.multiplyExact(size[i] - 1, stride[i]));
        }
        return last + 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TorchTensorRef t && storage.equals(t.storage) && storageOffset == t.storageOffset
                && Arrays.equals(size, t.size) && Arrays.equals(stride, t.stride);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * storage.hashCode() + Long.hashCode(storageOffset)) + Arrays.hashCode(size);
    }

    @Override
    public String toString() {
        return storage + "+" + storageOffset + Arrays.toString(size) + "/" + Arrays.toString(stride);
    }
}

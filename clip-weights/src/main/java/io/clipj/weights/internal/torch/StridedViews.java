package io.clipj.weights.internal.torch;

import java.io.IOException;

/**
 * Walks a strided tensor view in row-major order as runs of storage-contiguous elements, so that a
 * transposed or sliced tensor saved without {@code .contiguous()} is still read correctly: one run per
 * row when the innermost stride is 1, one run per element otherwise.
 *
 * <p>Stateless and thread-safe.
 */
public final class StridedViews {

    /** Receives {@code count} consecutive storage elements starting at storage element {@code element}. */
    @FunctionalInterface
    public interface Run {
        void accept(long element, long count) throws IOException;
    }

    private StridedViews() {
    }

    public static void forEachRun(TorchTensorRef ref, Run run) throws IOException {
        long count = ref.elementCount();
        if (count == 0) {
            return;
        }
        long[] size = ref.size();
        long[] stride = ref.stride();
        int rank = size.length;
        if (rank == 0 || ref.isContiguous()) {
            run.accept(ref.storageOffset(), count);
            return;
        }
        int last = rank - 1;
        long inner = size[last];
        boolean innerContiguous = inner == 1 || stride[last] == 1;
        long[] index = new long[rank];
        for (long o = 0, outer = count / inner; o < outer; o++) {
            long base = ref.storageOffset();
            for (int i = 0; i < last; i++) {
                base += index[i] * stride[i];
            }
            if (innerContiguous) {
                run.accept(base, inner);
            } else {
                for (long j = 0; j < inner; j++) {
                    run.accept(base + j * stride[last], 1);
                }
            }
            for (int i = last - 1; i >= 0; i--) {
                if (++index[i] < size[i]) {
                    break;
                }
                index[i] = 0;
            }
        }
    }
}

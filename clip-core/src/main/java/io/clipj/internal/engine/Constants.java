package io.clipj.internal.engine;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Graph constants (biases, LayerNorm scales) handed to oneDNN by address.
 *
 * <p>Stateless and thread-safe.
 */
final class Constants {

    private Constants() {
    }

    /** A dense row-major copy of {@code a}, or {@code a} itself if it already is one. */
    static INDArray dense(INDArray a) {
        return a.isView() || a.ordering() != 'c' ? a.dup('c') : a;
    }

    /** Address of element 0 of a dense array ({@link #dense}). */
    static long address(INDArray a) {
        return a.data().address() + a.offset() * a.dataType().width();
    }
}

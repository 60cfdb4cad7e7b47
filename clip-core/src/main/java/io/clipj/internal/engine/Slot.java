package io.clipj.internal.engine;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Storage for one or more {@link Tensor}s, live from the step that writes it to the last step that reads any
 * view of it. {@link Arena} gives slots whose lives do not overlap the same memory.
 *
 * <p>Not thread-safe: belongs to one plan.
 */
final class Slot {

    final DataType type;
    final long elements;
    /** First step that writes it (-1: written before the plan runs, e.g. an input). */
    int first = Integer.MAX_VALUE;
    /** Last step that reads it ({@link Integer#MAX_VALUE}: read after the plan runs, e.g. the output). */
    int last = -1;
    private DataBuffer data;
    private long elementOffset;

    Slot(DataType type, long elements) {
        this.type = type;
        this.elements = elements;
    }

    void writtenAt(int step) {
        first = Math.min(first, step);
        last = Math.max(last, step);
    }

    void readAt(int step) {
        last = Math.max(last, step);
    }

    long bytes() {
        return elements * type.width();
    }

    void place(DataBuffer data, long elementOffset) {
        this.data = data;
        this.elementOffset = elementOffset;
    }

    DataBuffer data() {
        return data;
    }

    long elementOffset() {
        return elementOffset;
    }

    long address() {
        return data.address() + elementOffset * type.width();
    }
}

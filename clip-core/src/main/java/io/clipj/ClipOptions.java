package io.clipj;

/**
 * How a {@link Clip} instance runs.
 *
 * <p>Immutable and thread-safe.
 *
 * @param batchSize images or texts per graph call (larger batches multiply bigger matrices, which is faster per
 *                  item, at the cost of memory for activations); at least 1
 */
public record ClipOptions(int batchSize) {

    /** The default batch size. */
    public static final int DEFAULT_BATCH_SIZE = 32;

    public ClipOptions {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
    }

    /** Batch size {@value #DEFAULT_BATCH_SIZE}. */
    public static ClipOptions defaults() {
        return new ClipOptions(DEFAULT_BATCH_SIZE);
    }

    /** These options with another batch size. */
    public ClipOptions withBatchSize(int size) {
        return new ClipOptions(size);
    }
}

package io.clipj;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Clip} instance runs.
 *
 * <p>Immutable and thread-safe.
 *
 * @param batchSize    images or texts per graph call (larger batches multiply bigger matrices, which is faster per
 *                     item, at the cost of memory for activations), also the most single-item calls coalesced into
 *                     one batch; at least 1
 * @param normalize    whether embeddings are returned L2-normalised (unit length, ready for dot-product search)
 *                     rather than as HF's {@code get_image_features} / {@code get_text_features} return them
 * @param maxBatchWait how long the first of concurrent single-item calls waits for others to join its batch; zero
 *                     runs whatever is waiting at once
 */
public record ClipOptions(int batchSize, boolean normalize, Duration maxBatchWait) {

    /** The default batch size. */
    public static final int DEFAULT_BATCH_SIZE = 32;

    /** The default wait for a batch to fill: short next to a tower call (tens of milliseconds and more). */
    public static final Duration DEFAULT_MAX_BATCH_WAIT = Duration.ofMillis(5);

    public ClipOptions {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        Objects.requireNonNull(maxBatchWait, "maxBatchWait");
        if (maxBatchWait.isNegative() || maxBatchWait.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("maximum batch wait must be between 0 and 10 s, got " + maxBatchWait);
        }
    }

    /** Batch size {@value #DEFAULT_BATCH_SIZE} without normalisation, the model's own outputs. */
    public ClipOptions(int batchSize) {
        this(batchSize, false, DEFAULT_MAX_BATCH_WAIT);
    }

    /** Batch size {@value #DEFAULT_BATCH_SIZE}, not normalised, a 5 ms batch wait. */
    public static ClipOptions defaults() {
        return new ClipOptions(DEFAULT_BATCH_SIZE);
    }

    /** These options with another batch size. */
    public ClipOptions withBatchSize(int size) {
        return new ClipOptions(size, normalize, maxBatchWait);
    }

    /** These options with L2-normalised embeddings, or not. */
    public ClipOptions withNormalize(boolean unitLength) {
        return new ClipOptions(batchSize, unitLength, maxBatchWait);
    }

    /** These options with another wait for coalesced batches. */
    public ClipOptions withMaxBatchWait(Duration wait) {
        return new ClipOptions(batchSize, normalize, wait);
    }
}

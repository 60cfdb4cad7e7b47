package io.clipj;

import io.clipj.internal.model.TowerThreads;
import java.time.Duration;
import java.util.Objects;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How a {@link Clip} instance runs.
 *
 * <p>Immutable and thread-safe.
 *
 * @param batchSize    images or texts per graph call (larger batches multiply bigger matrices, which is faster per
 *                     item, at the cost of memory for activations), also the most single-item calls coalesced into
 *                     one batch; at least 1
 * @param executor     how the towers' SameDiff graphs are run
 * @param normalize    whether embeddings are returned L2-normalised (unit length, ready for dot-product search)
 *                     rather than as HF's {@code get_image_features} / {@code get_text_features} return them
 * @param maxBatchWait how long the first of concurrent single-item calls waits for others to join its batch; zero
 *                     runs whatever is waiting at once
 * @param workers      threads each tower call is split across (one contiguous chunk of the batch each; 1: no
 *                     splitting); default one per core, or the system property {@code clipj.workers}
 * @param ompThreads   the OpenMP team of each of those threads for ND4J's own ops (0: ND4J's default); default 1,
 *                     or the system property {@code clipj.ompThreads}. With {@code OMP_NUM_THREADS} in the
 *                     environment neither thread setting touches OpenMP or OpenBLAS
 */
public record ClipOptions(int batchSize, Executor executor, boolean normalize, Duration maxBatchWait, int workers,
        int ompThreads) {

    /** The default batch size. */
    public static final int DEFAULT_BATCH_SIZE = 32;

    /** The default wait for a batch to fill: short next to a tower call (tens of milliseconds and more). */
    public static final Duration DEFAULT_MAX_BATCH_WAIT = Duration.ofMillis(5);

    /** How the towers' graphs are executed. Both give the same embeddings (tested to float rounding). */
    public enum Executor {
        /** ND4J's {@code SameDiff.output}: the reference executor, and the one on GPUs. */
        SAMEDIFF,
        /**
         * The graph compiled once per batch shape into oneDNN and ND4J kernel calls with preallocated memory
         * and weights packed once (CPU only); the faster one, default on CPUs.
         */
        COMPILED;

        /**
         * {@link #COMPILED} on the CPU backend, {@link #SAMEDIFF} on others (GPU); the system property
         * {@code clipj.executor} ({@code compiled} or {@code samediff}) overrides it.
         */
        public static Executor defaultForBackend() {
            String chosen = System.getProperty("clipj.executor");
            if (chosen != null && !chosen.isBlank()) {
                try {
                    return valueOf(chosen.trim().toUpperCase(java.util.Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("-Dclipj.executor=" + chosen
                            + " is not an executor: use compiled or samediff", e);
                }
            }
            return isCpuBackend() ? COMPILED : SAMEDIFF;
        }

        static boolean isCpuBackend() {
            return Nd4j.getBackend().getClass().getSimpleName().startsWith("Cpu");
        }
    }

    public ClipOptions {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        Objects.requireNonNull(executor, "executor");
        if (executor == Executor.COMPILED && !Executor.isCpuBackend()) {
            throw new IllegalArgumentException("the COMPILED executor runs on CPUs only; this ND4J backend is "
                    + Nd4j.getBackend().getClass().getSimpleName());
        }
        Objects.requireNonNull(maxBatchWait, "maxBatchWait");
        if (maxBatchWait.isNegative() || maxBatchWait.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("maximum batch wait must be between 0 and 10 s, got " + maxBatchWait);
        }
        new TowerThreads(workers, ompThreads); // validates both counts
    }

    /** These options without the thread settings (defaults: see {@link #workers()} and {@link #ompThreads()}). */
    public ClipOptions(int batchSize, Executor executor, boolean normalize, Duration maxBatchWait) {
        this(batchSize, executor, normalize, maxBatchWait, DefaultThreads.VALUE.workers(),
                DefaultThreads.VALUE.ompThreads());
    }

    /** {@code batchSize} with {@code executor}, the model's own (not normalised) outputs and a 5 ms batch wait. */
    public ClipOptions(int batchSize, Executor executor) {
        this(batchSize, executor, false, DEFAULT_MAX_BATCH_WAIT);
    }

    /** {@code batchSize} with the backend's default executor, not normalised, a 5 ms batch wait. */
    public ClipOptions(int batchSize) {
        this(batchSize, Executor.defaultForBackend());
    }

    /** Batch size {@value #DEFAULT_BATCH_SIZE}, the backend's default executor, not normalised, a 5 ms batch wait. */
    public static ClipOptions defaults() {
        return new ClipOptions(DEFAULT_BATCH_SIZE);
    }

    /** These options with another batch size. */
    public ClipOptions withBatchSize(int size) {
        return new ClipOptions(size, executor, normalize, maxBatchWait, workers, ompThreads);
    }

    /** These options with another executor. */
    public ClipOptions withExecutor(Executor e) {
        return new ClipOptions(batchSize, e, normalize, maxBatchWait, workers, ompThreads);
    }

    /** These options with L2-normalised embeddings, or not. */
    public ClipOptions withNormalize(boolean unitLength) {
        return new ClipOptions(batchSize, executor, unitLength, maxBatchWait, workers, ompThreads);
    }

    /** These options with another wait for coalesced batches. */
    public ClipOptions withMaxBatchWait(Duration wait) {
        return new ClipOptions(batchSize, executor, normalize, wait, workers, ompThreads);
    }

    /** These options with tower calls split across {@code threads} threads (1: no splitting). */
    public ClipOptions withWorkers(int threads) {
        return new ClipOptions(batchSize, executor, normalize, maxBatchWait, threads, ompThreads);
    }

    /** These options with an OpenMP team of {@code threads} per worker thread (0: ND4J's default). */
    public ClipOptions withOmpThreads(int threads) {
        return new ClipOptions(batchSize, executor, normalize, maxBatchWait, workers, threads);
    }

    /** The thread settings of these options, for the towers. */
    TowerThreads towerThreads() {
        return new TowerThreads(workers, ompThreads);
    }

    /** The default thread settings, read once (the system properties, else one worker per core and team 1). */
    private static final class DefaultThreads {
        static final TowerThreads VALUE = TowerThreads.fromSystemProperties();
    }
}

package io.clipj.internal.model;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Thread settings for running the towers: ND4J's own ops (adds, layer-norm pieces, softmax, permutes) on a
 * one-thread OpenMP team on each of {@link DataParallel}'s chunk threads, the only threads that run the towers;
 * how many threads OpenBLAS uses for the matrix multiplies is {@link DataParallel}'s choice per call.
 *
 * <p>Why: ND4J's default OpenMP team has one thread per core, and its hundreds of small ops per call then
 * spend their time in team barriers against OpenBLAS's spinning threads. {@code OMP_NUM_THREADS=1} in the
 * environment would also limit OpenBLAS to one thread, which loses at large batches. The measurements are in
 * docs/performance.md ("Threads").
 *
 * <p>{@code omp_set_num_threads} applies to the calling thread only, so each chunk thread calls
 * {@link #configureCurrentThread()} once, when it starts. An explicit
 * {@code OMP_NUM_THREADS} in the environment is respected and nothing is changed; {@link TowerThreads#ompThreads()}
 * sets another team size ({@code 0}: leave ND4J's default).
 *
 * <p>Thread-safe.
 */
final class NativeThreads {

    /** Whether the environment sets the thread counts ({@code OMP_NUM_THREADS}), so nothing is changed here. */
    private static final boolean ENVIRONMENT_DECIDES = System.getenv("OMP_NUM_THREADS") != null;

    private NativeThreads() {
    }

    /** Sets the calling thread's OpenMP team size for ND4J's ops to {@code teamSize} (0: leave it). */
    static void configureCurrentThread(int teamSize) {
        if (ENVIRONMENT_DECIDES || teamSize <= 0) {
            return;
        }
        Nd4j.getExecutioner(); // the native ops holder needs the backend's properties loaded first
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(teamSize);
    }

    /**
     * Runs {@code body} with the calling thread's OpenMP team at every core, then restores the configured
     * team {@code teamSize}: a call of the compiled executor that is not split across chunk threads multiplies its
     * matrices on all cores (oneDNN shares ND4J's OpenMP runtime).
     */
    static <T> T withAllCores(int teamSize, java.util.function.Supplier<T> body) {
        if (ENVIRONMENT_DECIDES || teamSize <= 0) {
            return body.get();
        }
        Nd4j.getExecutioner();
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(Runtime.getRuntime().availableProcessors());
        try {
            return body.get();
        } finally {
            NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(teamSize);
        }
    }
}

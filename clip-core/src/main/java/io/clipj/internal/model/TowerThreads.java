package io.clipj.internal.model;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a tower call uses the cores: {@code workers} chunk threads per call ({@link DataParallel}; 1: no splitting)
 * and an OpenMP team of {@code ompThreads} on each of them ({@link NativeThreads}; 0: ND4J's default). Set from
 * {@code Clip.builder().workers(..).ompThreads(..)}; the system properties {@code clipj.workers} and
 * {@code clipj.ompThreads} change the defaults. An {@code OMP_NUM_THREADS} in the environment makes the towers leave
 * the OpenMP and OpenBLAS thread counts alone.
 *
 * <p>Immutable and thread-safe.
 *
 * @param workers    chunk threads per call, at least 1
 * @param ompThreads OpenMP team size of each chunk thread, at least 0
 */
public record TowerThreads(int workers, int ompThreads) {

    private static final Logger LOG = LoggerFactory.getLogger(TowerThreads.class);

    public TowerThreads {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        if (ompThreads < 0) {
            throw new IllegalArgumentException("ompThreads must be at least 0 (0: ND4J's default), got " + ompThreads);
        }
    }

    /**
     * The defaults: one chunk thread per core and one-thread OpenMP teams, or {@code -Dclipj.workers} and
     * {@code -Dclipj.ompThreads}; a value that is not a valid count is logged and ignored.
     */
    public static TowerThreads fromSystemProperties() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new TowerThreads(property("clipj.workers", cores, 1), property("clipj.ompThreads", 1, 0));
    }

    private static int property(String name, int fallback, int min) {
        String prop = System.getProperty(name);
        if (prop == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(prop.trim());
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        LOG.warn("ignoring -D{}={}: not an integer of at least {}; using {}", name, prop, min, fallback);
        return fallback;
    }
}

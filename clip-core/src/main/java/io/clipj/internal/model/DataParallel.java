package io.clipj.internal.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs a tower call on all cores: a batch of two or more items is cut into one contiguous chunk per core,
 * and the chunks run at the same time on this class's own threads, each with one-thread matrix multiplies
 * (OpenBLAS) and a one-thread OpenMP team ({@link NativeThreads}); a single item runs on one of those threads
 * with every core given to the matrix multiplies. The calling thread only waits. Chunk {@code p} of a call
 * always runs on thread {@code p}, so a single item always runs on the first thread and each thread's SameDiff
 * inference cache sees the same chunk sizes call after call.
 *
 * <p>Why: the graph's hundreds of small elementwise ops are single-threaded and its matrix multiplies scale
 * poorly from one thread to two, while two independent halves of a batch keep both cores busy all the time,
 * with no barrier between them; two-thread OpenBLAS under two callers loses, so the OpenBLAS thread count is
 * switched per call. That count is process-wide, which is why calls are run one at a time ({@link #GATE}): a
 * call uses every core anyway. The measurements are in docs/performance.md ("Threads").
 *
 * <p>Why never on the calling thread: SameDiff keeps inference state, with its cache of arrays, for every
 * thread that has run a graph, and never drops it, so tower calls from a server's changing request threads
 * would grow the process by one cache per new thread. On a fixed set of {@code workers} threads there are at
 * most {@code workers} such caches per graph.
 *
 * <p>The number of chunk threads and their OpenMP teams are a {@link TowerThreads} (default: one per core, or
 * {@code clipj.workers}; {@code 1}: no splitting); one instance serves each setting ({@link #of}). With
 * {@code OMP_NUM_THREADS} set in the environment the OpenBLAS thread count is left alone, as the rest of the
 * threading setup is ({@link NativeThreads}).
 *
 * <p>Thread-safe: any number of threads may call {@link #map}; calls of every instance are served one at a time,
 * in arrival order (OpenBLAS's thread count and the cores are process-wide).
 */
final class DataParallel {

    /** One chunk of a batch, {@code [from, to)}, computed into one result row per item. */
    @FunctionalInterface
    interface Chunk {
        float[][] compute(int from, int to);
    }

    private static final Map<TowerThreads, DataParallel> INSTANCES = new ConcurrentHashMap<>();
    /** One call at a time in the process: the OpenBLAS thread count is process-wide. */
    private static final ReentrantLock GATE = new ReentrantLock(true);
    private static int blasThreads = -1; // guarded by GATE

    private final int workers;
    private final List<ExecutorService> threads;
    private final boolean controlsBlasThreads;
    private final int blasThreadsAlone;

    DataParallel(int workers) {
        this(new TowerThreads(workers, TowerThreads.fromSystemProperties().ompThreads()));
    }

    private DataParallel(TowerThreads settings) {
        this.workers = settings.workers();
        ChunkThreads factory = new ChunkThreads(settings.ompThreads());
        List<ExecutorService> list = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++) {
            list.add(Executors.newSingleThreadExecutor(factory));
        }
        this.threads = List.copyOf(list);
        this.controlsBlasThreads = System.getenv("OMP_NUM_THREADS") == null;
        this.blasThreadsAlone = Math.max(1, Nd4j.factory().blas().getMaxThreads());
    }

    /** The instance with the default settings ({@link TowerThreads#fromSystemProperties()}). */
    static DataParallel shared() {
        return of(TowerThreads.fromSystemProperties());
    }

    /** The one instance for {@code settings}; its daemon threads live as long as the process. */
    static DataParallel of(TowerThreads settings) {
        return INSTANCES.computeIfAbsent(settings, DataParallel::new);
    }

    /** How many chunk threads run the calls. */
    int workers() {
        return workers;
    }

    /**
     * Computes {@code n} items in at most {@code workers} chunks on this instance's threads and returns their
     * rows in item order. A runtime exception or error from any chunk is rethrown (the first in item order)
     * after all chunks have ended.
     */
    float[][] map(int n, Chunk chunk) {
        int parts = Math.min(workers, n);
        GATE.lock();
        try {
            setBlasThreads(parts > 1 ? 1 : blasThreadsAlone);
            List<Future<float[][]>> chunks = new ArrayList<>(parts);
            for (int p = 0; p < parts; p++) {
                int from = bound(n, parts, p);
                int to = bound(n, parts, p + 1);
                // chunk p always on thread p: that thread's inference cache fits
                chunks.add(threads.get(p).submit(() -> chunk.compute(from, to)));
            }
            float[][] out = new float[n][];
            Throwable failure = null;
            for (int p = 0; p < parts; p++) {
                try {
                    float[][] rows = awaitUninterruptibly(chunks.get(p));
                    System.arraycopy(rows, 0, out, bound(n, parts, p), rows.length);
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause();
                    }
                }
            }
            if (failure instanceof RuntimeException re) {
                throw re;
            }
            if (failure instanceof Error err) {
                throw err;
            }
            if (failure != null) {
                throw new IllegalStateException("a chunk of the batch failed: " + failure, failure);
            }
            return out;
        } finally {
            GATE.unlock();
        }
    }

    /** Start of chunk {@code p} of {@code parts} over {@code n} items: sizes differ by at most one. */
    static int bound(int n, int parts, int p) {
        return (int) ((long) n * p / parts);
    }

    /**
     * Waits for a chunk even if this thread is interrupted: the gate must not open while a chunk still runs
     * with this call's OpenBLAS setting. The interrupt is kept for the caller.
     */
    private static float[][] awaitUninterruptibly(Future<float[][]> future) throws ExecutionException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void setBlasThreads(int threads) {
        if (controlsBlasThreads && threads != blasThreads) {
            Nd4j.factory().blas().setMaxThreads(threads);
            blasThreads = threads;
        }
    }

    /**
     * Daemon threads, so an application that never closes a model still exits; each sets its one-thread
     * OpenMP team ({@link NativeThreads}) once, when it starts.
     */
    private static final class ChunkThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();
        private final int ompThreads;

        ChunkThreads(int ompThreads) {
            this.ompThreads = ompThreads;
        }

        @Override
        public Thread newThread(Runnable r) {
            Runnable configured = () -> {
                NativeThreads.configureCurrentThread(ompThreads);
                r.run();
            };
            Thread t = new Thread(configured, "clipj-chunk-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}

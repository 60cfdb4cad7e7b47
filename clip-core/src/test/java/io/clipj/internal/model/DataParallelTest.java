package io.clipj.internal.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DataParallelTest {

    @Test
    void chunksCoverTheBatchInOrderWithSizesDifferingByAtMostOne() {
        for (int n = 1; n <= 40; n++) {
            for (int parts = 1; parts <= Math.min(n, 5); parts++) {
                assertThat(DataParallel.bound(n, parts, 0)).isZero();
                assertThat(DataParallel.bound(n, parts, parts)).isEqualTo(n);
                for (int p = 0; p < parts; p++) {
                    int size = DataParallel.bound(n, parts, p + 1) - DataParallel.bound(n, parts, p);
                    assertThat(size).as("n=%d parts=%d chunk %d", n, parts, p).isBetween(n / parts, n / parts + 1);
                }
            }
        }
    }

    @Test
    void rowsComeBackInItemOrderAndChunksRunOnSeveralThreads() {
        DataParallel dp = new DataParallel(3);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        float[][] rows = dp.map(7, (from, to) -> {
            threads.add(Thread.currentThread().getName());
            float[][] out = new float[to - from][];
            for (int i = from; i < to; i++) {
                out[i - from] = new float[] {i};
            }
            return out;
        });
        assertThat(rows).hasDimensions(7, 1);
        for (int i = 0; i < 7; i++) {
            assertThat(rows[i][0]).isEqualTo(i);
        }
        assertThat(threads).hasSize(3).allMatch(name -> name.startsWith("clipj-chunk-"))
                .doesNotContain(Thread.currentThread().getName());
    }

    @Test
    void callsFromAnyNumberOfThreadsRunOnlyOnTheInstancesOwnThreads() throws Exception {
        // SameDiff keeps a session per thread that ran a graph, forever: callers' threads must never run one.
        DataParallel dp = new DataParallel(2);
        Set<String> callers = ConcurrentHashMap.newKeySet();
        Set<String> ran = ConcurrentHashMap.newKeySet();
        for (int c = 0; c < 10; c++) {
            int n = 1 + c % 3; // single items and split batches
            Thread caller = new Thread(() -> {
                callers.add(Thread.currentThread().getName());
                dp.map(n, (from, to) -> {
                    ran.add(Thread.currentThread().getName());
                    return new float[to - from][1];
                });
            }, "caller-" + c);
            caller.start();
            caller.join();
        }
        assertThat(callers).hasSize(10);
        assertThat(ran).hasSizeBetween(1, 2).allMatch(name -> name.startsWith("clipj-chunk-"));
    }

    @Test
    void aFailingChunkFailsTheCallAfterEveryChunkHasEnded() {
        DataParallel dp = new DataParallel(2);
        AtomicInteger finished = new AtomicInteger();
        assertThatThrownBy(() -> dp.map(4, (from, to) -> {
            if (from > 0) {
                throw new IllegalArgumentException("bad item " + from);
            }
            sleep(50);
            finished.incrementAndGet();
            return new float[to - from][1];
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("bad item 2");
        assertThat(finished).hasValue(1);
        // The instance is still usable.
        assertThat(dp.map(2, (from, to) -> new float[to - from][1])).hasNumberOfRows(2);
    }

    @Test
    void callsFromManyThreadsAreServedOneAtATime() throws Exception {
        DataParallel dp = new DataParallel(2);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxCalls = new AtomicInteger();
        AtomicInteger calls = new AtomicInteger();
        ExecutorService callers = Executors.newFixedThreadPool(6);
        try {
            List<Future<float[][]>> results = new ArrayList<>();
            for (int c = 0; c < 12; c++) {
                results.add(callers.submit(() -> dp.map(4, (from, to) -> {
                    if (from == 0) { // the first chunk marks the call as running
                        maxCalls.accumulateAndGet(running.incrementAndGet(), Math::max);
                        sleep(5);
                        calls.incrementAndGet();
                        running.decrementAndGet();
                    }
                    return new float[to - from][1];
                })));
            }
            for (Future<float[][]> f : results) {
                assertThat(f.get()).hasNumberOfRows(4);
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(calls).hasValue(12);
        assertThat(maxCalls).hasValue(1);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

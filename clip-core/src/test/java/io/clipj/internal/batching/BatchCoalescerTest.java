package io.clipj.internal.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class BatchCoalescerTest {

    /** A batch function whose rows depend on the whole batch (like a real GEMM's rounding): x + batch sum. */
    private static List<Double> batchDependent(List<Double> xs) {
        double sum = 0;
        for (double x : xs) {
            sum += x * 1e-9;
        }
        List<Double> out = new ArrayList<>();
        for (double x : xs) {
            out.add(x + sum);
        }
        return out;
    }

    @Test
    void manyThreadsGetTheRowsOfTheBatchTheyTravelledIn() throws Exception {
        List<List<Double>> batches = Collections.synchronizedList(new ArrayList<>());
        Function<List<Double>, List<Double>> recorded = xs -> {
            batches.add(List.copyOf(xs));
            return batchDependent(xs);
        };
        int threads = 32;
        int perThread = 40;
        try (BatchCoalescer<Double, Double> c = new BatchCoalescer<>("test", recorded, 8, Duration.ofMillis(5), 1024)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<List<double[]>>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                work.add(pool.submit(() -> {
                    List<double[]> got = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        double x = thread * 1000 + i;
                        got.add(new double[] {x, c.submit(x).get(30, TimeUnit.SECONDS)});
                    }
                    return got;
                }));
            }
            List<double[]> all = new ArrayList<>();
            for (Future<List<double[]>> f : work) {
                all.addAll(f.get());
            }
            pool.shutdown();

            assertThat(all).hasSize(threads * perThread);
            assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(threads * perThread);
            assertThat(batches).allSatisfy(b -> assertThat(b).hasSizeBetween(1, 8));
            assertThat(batches.stream().mapToInt(List::size).max().orElseThrow()).isGreaterThan(1);
            // every result is bit for bit the row of a direct call with the batch it was in
            for (double[] pair : all) {
                List<Double> batch = batches.stream().filter(b -> b.contains(pair[0])).findFirst().orElseThrow();
                double direct = batchDependent(batch).get(batch.indexOf(pair[0]));
                assertThat(Double.doubleToRawLongBits(pair[1])).isEqualTo(Double.doubleToRawLongBits(direct));
            }
        }
    }

    @Test
    void cancelledAndTimedOutRequestsLeaveTheBatchAndTheOthersComplete() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
        Function<List<Integer>, List<Integer>> blocking = xs -> {
            batches.add(List.copyOf(xs));
            running.countDown();
            await(release);
            return xs.stream().map(x -> x * 2).toList();
        };
        try (BatchCoalescer<Integer, Integer> c = new BatchCoalescer<>("test", blocking, 4, Duration.ZERO, 64)) {
            CompletableFuture<Integer> first = c.submit(1);
            running.await();                                   // batch [1] runs and blocks; the rest wait
            CompletableFuture<Integer> cancelled = c.submit(2);
            CompletableFuture<Integer> timedOut = c.submit(3).orTimeout(1, TimeUnit.MILLISECONDS);
            CompletableFuture<Integer> kept = c.submit(4);
            assertThat(cancelled.cancel(true)).isTrue();
            assertThatThrownBy(() -> timedOut.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(TimeoutException.class);
            release.countDown();

            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(kept.get(10, TimeUnit.SECONDS)).isEqualTo(8);
            assertThatThrownBy(cancelled::join).isInstanceOf(CancellationException.class);
            assertThat(batches).containsExactly(List.of(1), List.of(4));
        }
    }

    @Test
    void aFailingBatchFailsOnlyItsOwnRequests() throws Exception {
        Function<List<Integer>, List<Integer>> failsOnZero = xs -> {
            if (xs.contains(0)) {
                throw new IllegalArgumentException("zero");
            }
            return xs;
        };
        try (BatchCoalescer<Integer, Integer> c = new BatchCoalescer<>("test", failsOnZero, 4, Duration.ZERO, 64)) {
            assertThatThrownBy(() -> c.submit(0).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalArgumentException.class);
            assertThat(c.submit(5).get(10, TimeUnit.SECONDS)).isEqualTo(5);
        }
    }

    @Test
    void aFullQueueRefusesAndCloseFailsWhatWaits() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Function<List<Integer>, List<Integer>> blocking = xs -> {
            running.countDown();
            await(release);
            return xs;
        };
        BatchCoalescer<Integer, Integer> c = new BatchCoalescer<>("test", blocking, 1, Duration.ZERO, 2);
        CompletableFuture<Integer> first = c.submit(1);
        running.await();
        CompletableFuture<Integer> w1 = c.submit(2);
        CompletableFuture<Integer> w2 = c.submit(3);
        assertThatThrownBy(() -> c.submit(4).join()).hasCauseInstanceOf(RejectedExecutionException.class);
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        c.close();
        for (CompletableFuture<Integer> w : List.of(w1, w2)) {
            assertThat(w).isDone(); // ran before close, or failed by it: never left hanging
        }
        assertThatThrownBy(() -> c.submit(5).join()).hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void rejectsImpossibleSettings() {
        Function<List<Integer>, List<Integer>> id = xs -> xs;
        assertThatThrownBy(() -> new BatchCoalescer<>("t", id, 0, Duration.ZERO, 8)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new BatchCoalescer<>("t", id, 8, Duration.ofMillis(-1), 8)).hasMessageContaining("negative");
        assertThatThrownBy(() -> new BatchCoalescer<>("t", id, 8, Duration.ZERO, 4)).hasMessageContaining("capacity");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package io.clipj.internal.batching;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coalesces single items submitted from any number of threads into batches for one batched function: the first
 * waiting item opens a batch, which closes after {@code maxWait} or at {@code maxBatch} items, whichever comes
 * first, and runs on this coalescer's own thread while the next batch fills.
 *
 * <p>Each item's result is row {@code i} of the function applied to the batch it travelled in, so it is exactly
 * what a direct call with that batch returns. Requests whose future is already done when their batch closes
 * (cancelled, or timed out with {@link CompletableFuture#orTimeout}) are left out of the batch; one that is
 * cancelled while its batch runs just has its result dropped. If the function throws, every request of that batch
 * fails with the exception and later batches run normally.
 *
 * <p>Thread-safe. At most {@code capacity} requests wait at a time; more are refused (the future fails with
 * {@link RejectedExecutionException}), which bounds the memory held by waiting inputs.
 *
 * @param <I> one item's input
 * @param <O> one item's result
 */
public final class BatchCoalescer<I, O> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BatchCoalescer.class);

    private record Request<I, O>(I input, CompletableFuture<O> future) {}

    private final Function<List<I>, List<O>> batchFunction;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final BlockingQueue<Request<I, O>> queue;
    private final Thread dispatcher;
    private volatile boolean closed;

    /**
     * @param name          names the dispatcher thread ({@code clipj-batch-NAME})
     * @param batchFunction results for a batch of inputs, one per input in the same order; called on one thread only
     * @param maxBatch      most items per call, at least 1
     * @param maxWait       longest time the first item of a batch waits for more
     * @param capacity      most requests waiting at a time, at least {@code maxBatch}
     */
    public BatchCoalescer(String name, Function<List<I>, List<O>> batchFunction, int maxBatch, Duration maxWait,
                          int capacity) {
        this.batchFunction = Objects.requireNonNull(batchFunction, "batchFunction");
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maximum batch must be at least 1, got " + maxBatch);
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maximum wait must not be negative, got " + maxWait);
        }
        if (capacity < maxBatch) {
            throw new IllegalArgumentException("capacity " + capacity + " is below the maximum batch " + maxBatch);
        }
        this.maxBatch = maxBatch;
        this.maxWaitNanos = maxWait.toNanos();
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.dispatcher = new Thread(this::run, "clipj-batch-" + name);
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    /**
     * Queues one item; the future completes with its result, or exceptionally with the batch function's exception,
     * with {@link RejectedExecutionException} if the queue is full, or with {@link IllegalStateException} once
     * this coalescer is closed. Cancelling the future withdraws the item if its batch has not started.
     */
    public CompletableFuture<O> submit(I input) {
        CompletableFuture<O> future = new CompletableFuture<>();
        if (closed) {
            future.completeExceptionally(new IllegalStateException("closed"));
        } else if (!queue.offer(new Request<>(input, future))) {
            future.completeExceptionally(new RejectedExecutionException(
                    "too many requests waiting (" + queue.size() + "); retry later"));
        } else if (closed) {
            failWaiting(); // close() may have drained the queue before this offer
        }
        return future;
    }

    /** Stops the dispatcher after its current batch; waiting requests fail with {@link IllegalStateException}. */
    @Override
    public void close() {
        closed = true;
        dispatcher.interrupt();
        try {
            dispatcher.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failWaiting();
    }

    private void failWaiting() {
        for (Request<I, O> r; (r = queue.poll()) != null; ) {
            r.future().completeExceptionally(new IllegalStateException("closed"));
        }
    }

    private void run() {
        List<Request<I, O>> batch = new ArrayList<>(maxBatch);
        try {
            while (!closed) {
                batch.add(queue.take());
                long opened = System.nanoTime();
                long deadline = opened + maxWaitNanos;
                while (batch.size() < maxBatch) {
                    Request<I, O> next = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                if (LOG.isDebugEnabled()) {
                    LOG.debug("{}: batch of {} after {} us, {} waiting", dispatcher.getName(), batch.size(),
                            (System.nanoTime() - opened) / 1000, queue.size());
                }
                runBatch(batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            // closing
        } finally {
            for (Request<I, O> r : batch) {
                r.future().completeExceptionally(new IllegalStateException("closed"));
            }
        }
    }

    private void runBatch(List<Request<I, O>> batch) {
        batch.removeIf(r -> r.future().isDone()); // cancelled or timed out while waiting
        if (batch.isEmpty()) {
            return;
        }
        List<I> inputs = new ArrayList<>(batch.size());
        for (Request<I, O> r : batch) {
            inputs.add(r.input());
        }
        List<O> results;
        try {
            results = batchFunction.apply(inputs);
            if (results.size() != inputs.size()) {
                throw new IllegalStateException(results.size() + " results for " + inputs.size() + " inputs");
            }
        } catch (RuntimeException | Error e) {
            for (Request<I, O> r : batch) {
                r.future().completeExceptionally(e);
            }
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).future().complete(results.get(i));
        }
    }
}

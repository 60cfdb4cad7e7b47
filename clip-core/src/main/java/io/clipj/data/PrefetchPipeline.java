package io.clipj.data;

import io.clipj.internal.data.MemberNames;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Overlaps data loading with the model: one worker thread reads samples and preprocesses them (decode,
 * resize, normalise: {@code preprocess}), filling a bounded queue of ready batches, while the calling thread
 * runs {@code consumer} (the model) on each batch in dataset order.
 *
 * <p>Errors propagate to the caller: a dataset error as its {@link DatasetException}, a preprocessing error
 * as a {@link PipelineException} naming the sample key and shard (or, with {@code skipFailed}, logged and
 * counted). When the consumer throws or the caller is interrupted, the worker is interrupted and joined
 * before {@link #run} returns, so the sample iterator may be closed right after.
 *
 * <pre>{@code
 * PrefetchPipeline pipeline = new PrefetchPipeline(64, 4, false);
 * try (SampleReader samples = dataset.reader()) {
 *     pipeline.run(samples, processor::preprocess, batch -> model.embed(batch.inputs()));
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe; each {@link #run} call starts its own worker.
 */
public final class PrefetchPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(PrefetchPipeline.class);

    /** Queue messages: a batch, the end, or the worker's failure. */
    private sealed interface Message permits Ready, End, Failed {
    }

    private record Ready(Batch batch) implements Message {
    }

    private record End(int skipped) implements Message {
    }

    private record Failed(Throwable error) implements Message {
    }

    private final int batchSize;
    private final int queueCapacity;
    private final boolean skipFailed;

    /**
     * @param batchSize samples per batch (the last one may be smaller)
     * @param queueCapacity ready batches held ahead of the consumer (memory bound: capacity + 2 batches)
     * @param skipFailed log and count samples whose preprocessing throws instead of stopping
     */
    public PrefetchPipeline(int batchSize, int queueCapacity, boolean skipFailed) {
        if (batchSize < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("batchSize and queueCapacity must be positive, got " + batchSize
                    + " and " + queueCapacity);
        }
        this.batchSize = batchSize;
        this.queueCapacity = queueCapacity;
        this.skipFailed = skipFailed;
    }

    /**
     * Runs the pipeline to the end of {@code samples}; returns how many samples were skipped because their
     * preprocessing failed (always 0 without {@code skipFailed}).
     */
    public int run(Iterator<Sample> samples, Function<Sample, float[]> preprocess, Consumer<Batch> consumer) {
        BlockingQueue<Message> queue = new ArrayBlockingQueue<>(queueCapacity);
        Thread worker = new Thread(() -> produce(samples, preprocess, queue), "clipj-prefetch");
        worker.setDaemon(true);
        worker.start();
        try {
            while (true) {
                Message message = queue.take();
                if (message instanceof Ready ready) {
                    consumer.accept(ready.batch());
                } else if (message instanceof End end) {
                    return end.skipped();
                } else {
                    throw rethrow(((Failed) message).error());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PipelineException("interrupted while waiting for preprocessed batches", e);
        } finally {
            stop(worker, queue);
        }
    }

    private void produce(Iterator<Sample> samples, Function<Sample, float[]> preprocess,
            BlockingQueue<Message> queue) {
        try {
            int skipped = 0;
            List<String> keys = new ArrayList<>(batchSize);
            List<Integer> labels = new ArrayList<>(batchSize);
            List<float[]> inputs = new ArrayList<>(batchSize);
            while (samples.hasNext()) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                Sample sample = samples.next();
                float[] input;
                try {
                    input = preprocess.apply(sample);
                } catch (RuntimeException e) {
                    String what = "sample '" + sample.key() + "' (shard " + sample.shard() + "): preprocessing failed: "
                            + e.getMessage();
                    if (!skipFailed) {
                        throw new PipelineException(what, e);
                    }
                    LOG.warn("skipping {}", MemberNames.printable(what));
                    skipped++;
                    continue;
                }
                keys.add(sample.key());
                labels.add(sample.label());
                inputs.add(input);
                if (keys.size() == batchSize) {
                    queue.put(new Ready(batch(keys, labels, inputs)));
                    keys = new ArrayList<>(batchSize);
                    labels = new ArrayList<>(batchSize);
                    inputs = new ArrayList<>(batchSize);
                }
            }
            if (!keys.isEmpty()) {
                queue.put(new Ready(batch(keys, labels, inputs)));
            }
            queue.put(new End(skipped));
        } catch (InterruptedException e) {
            // the consumer stopped; nobody waits for more batches
        } catch (Throwable t) {
            try {
                queue.put(new Failed(t));
            } catch (InterruptedException e) {
                // the consumer stopped first; its own failure wins
            }
        }
    }

    private static Batch batch(List<String> keys, List<Integer> labels, List<float[]> inputs) {
        return new Batch(List.copyOf(keys), labels.stream().mapToInt(Integer::intValue).toArray(),
                List.copyOf(inputs));
    }

    /** Interrupts the worker, unblocks it, and waits until it has stopped touching the iterator. */
    private static void stop(Thread worker, BlockingQueue<Message> queue) {
        worker.interrupt();
        boolean interrupted = false;
        while (worker.isAlive()) {
            queue.clear();
            try {
                worker.join(100);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static RuntimeException rethrow(Throwable error) {
        if (error instanceof RuntimeException r) {
            return r;
        }
        if (error instanceof Error e) {
            throw e;
        }
        return new PipelineException("sample loading failed: " + error, error);
    }
}

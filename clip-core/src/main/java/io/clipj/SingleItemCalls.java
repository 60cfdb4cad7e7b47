package io.clipj;

import io.clipj.internal.batching.BatchCoalescer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The single-item calls of a {@link Clip} ({@code embedImage(x)}, {@code embedText(s)} and their async forms):
 * each input is decoded or tokenised on the calling thread, then queued with other threads' inputs for one
 * batched tower call ({@link BatchCoalescer}); each result is that item's row of its batch.
 *
 * <p>Thread-safe; {@link #close()} fails the calls still waiting and must not race with others.
 */
final class SingleItemCalls implements AutoCloseable {

    private final LazyParts parts;
    private final BatchCoalescer<float[], float[]> imageBatches;
    private final BatchCoalescer<int[], float[]> textBatches;

    SingleItemCalls(LazyParts parts, BatchCalls batches, ClipOptions options) {
        this.parts = parts;
        int capacity = Math.max(256, 8 * options.batchSize()); // bounds the memory of waiting inputs
        this.imageBatches = new BatchCoalescer<>("image", pixels -> List.of(batches.pixels(pixels.toArray(float[][]::new))),
                options.batchSize(), options.maxBatchWait(), capacity);
        this.textBatches = new BatchCoalescer<>("text", ids -> List.of(batches.tokenIds(ids)),
                options.batchSize(), options.maxBatchWait(), capacity);
    }

    /** One image ({@link ImagePixels#of}), decoded here and queued for the next batch. */
    CompletableFuture<float[]> image(Object image) {
        return imageBatches.submit(ImagePixels.of(parts.imageProcessor(), image, -1));
    }

    /** One text, tokenised here and queued for the next batch. */
    CompletableFuture<float[]> text(String text) {
        if (text == null) {
            throw new InputException(-1, "text is null", null);
        }
        return textBatches.submit(parts.tokenizer().encode(text));
    }

    /** Waits for a single-item call; its failure is rethrown as it was thrown, noting where it was awaited. */
    static float[] join(CompletableFuture<float[]> result) {
        try {
            return result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                cause.addSuppressed(new ClipException("waited here for the batched call")); // keeps the caller's stack
                throw cause;
            }
            throw e;
        }
    }

    /** Fails the calls still waiting for a batch. */
    @Override
    public void close() {
        imageBatches.close();
        textBatches.close();
    }
}

package io.clipj;

import io.clipj.image.ClipImageProcessor;
import io.clipj.tokenizer.ClipTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The batch calls of a {@link Clip} ({@code embedPixels}, {@code embedImageFiles}, {@code embedTexts}, ...): the
 * inputs run through the towers in consecutive slices of at most {@link ClipOptions#batchSize()}, results in input
 * order, L2-normalised when the options ask. Token id sequences are sorted by length first, so each slice runs only
 * as far as its longest end token.
 *
 * <p>Thread-safe: it holds no state of its own, and the {@link LazyParts} are thread-safe.
 */
final class BatchCalls {

    private final LazyParts parts;
    private final ClipOptions options;

    BatchCalls(LazyParts parts, ClipOptions options) {
        this.parts = parts;
        this.options = options;
    }

    /** Image embeddings from one channels-first {@code [C, S, S]} pixel array per image. */
    float[][] pixels(float[][] pixelValues) {
        float[][] out = new float[pixelValues.length][];
        inBatches(pixelValues.length, (start, end) -> {
            float[][] embeds = parts.imageTower().embed(Arrays.copyOfRange(pixelValues, start, end));
            System.arraycopy(embeds, 0, out, start, embeds.length);
        });
        return options.normalize() ? Embeddings.normalize(out) : out;
    }

    /** Image embeddings of files, encoded images or in-memory images ({@link ImagePixels#of}), in order. */
    float[][] images(List<?> images) {
        ClipImageProcessor processor = parts.imageProcessor();
        float[][] out = new float[images.size()][];
        inBatches(images.size(), (start, end) -> {
            float[][] pixels = new float[end - start][];
            for (int i = start; i < end; i++) {
                pixels[i - start] = ImagePixels.of(processor, images.get(i), i);
            }
            System.arraycopy(pixels(pixels), 0, out, start, pixels.length);
        });
        return out;
    }

    /** Text embeddings, tokenised; the index of the first null text is named. */
    float[][] texts(List<String> texts) {
        ClipTokenizer tokenizer = parts.tokenizer();
        List<int[]> ids = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i) == null) {
                throw new InputException(i, "text " + i + " is null", null);
            }
            ids.add(tokenizer.encode(texts.get(i)));
        }
        return tokenIds(ids);
    }

    /** Text embeddings from token ids, batched by length and returned in input order. */
    float[][] tokenIds(List<int[]> inputIds) {
        for (int i = 0; i < inputIds.size(); i++) {
            if (inputIds.get(i) == null || inputIds.get(i).length == 0) {
                throw new InputException(i, "token ids " + i + " are " + (inputIds.get(i) == null ? "null" : "empty"), null);
            }
        }
        Integer[] order = new Integer[inputIds.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> inputIds.get(i).length));
        float[][] out = new float[order.length][];
        inBatches(order.length, (start, end) -> {
            int[][] batch = new int[end - start][];
            for (int i = start; i < end; i++) {
                batch[i - start] = inputIds.get(order[i]);
            }
            float[][] embeds = parts.textTower().embed(batch);
            for (int i = start; i < end; i++) {
                out[order[i]] = embeds[i - start];
            }
        });
        return options.normalize() ? Embeddings.normalize(out) : out;
    }

    /** One batch {@code [start, end)} of a batch call's items. */
    @FunctionalInterface
    private interface Batch {
        void run(int start, int end);
    }

    /** Runs {@code batch} over {@code [0, n)} in consecutive slices of at most {@link ClipOptions#batchSize()}. */
    private void inBatches(int n, Batch batch) {
        for (int start = 0; start < n; start += options.batchSize()) {
            batch.run(start, Math.min(n, start + options.batchSize()));
        }
    }
}

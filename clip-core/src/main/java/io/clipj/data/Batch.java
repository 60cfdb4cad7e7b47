package io.clipj.data;

import java.util.List;

/**
 * A batch of preprocessed samples, as {@link PrefetchPipeline} hands them to the model.
 *
 * <p>Shallowly immutable (the input arrays are shared); handed from the worker to the consumer thread.
 *
 * @param keys sample keys, in dataset order
 * @param labels class labels, parallel to {@code keys}
 * @param inputs the preprocessing outputs (e.g. CHW pixel values), parallel to {@code keys}
 */
public record Batch(List<String> keys, int[] labels, List<float[]> inputs) {

    /** Number of samples in the batch. */
    public int size() {
        return keys.size();
    }
}

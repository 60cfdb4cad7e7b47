package io.clipj.zeroshot;

import java.util.List;

/**
 * Embeds preprocessed images with a CLIP vision tower. This is the seam where the real model
 * ({@code io.clipj.Clip}) plugs into zero-shot evaluation.
 *
 * <pre>{@code
 * ImageEncoder encoder = pixels -> clip.embedPixels(pixels);   // [N][D], projected, NOT normalised
 * }</pre>
 *
 * <p>Implementations need not be thread-safe: the evaluator calls them from the calling thread only.
 */
@FunctionalInterface
public interface ImageEncoder {

    /**
     * The projected image embeddings ({@code get_image_features}), one row per input, in input order. Each
     * input is one preprocessed image as the preprocessing function produced it (for CLIP: CHW float pixel
     * values, {@code [3, 224, 224]} flattened).
     */
    float[][] embedImages(List<float[]> pixelValues); // [N, D]
}

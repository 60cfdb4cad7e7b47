package io.clipj;

/**
 * One label's score from zero-shot classification.
 *
 * <p>Immutable and thread-safe.
 *
 * @param label       the class label as given
 * @param index       the label's position in the label list
 * @param cosine      cosine similarity of the image with the label's (template-averaged) text embedding
 * @param probability softmax over all labels of {@code exp(logit_scale) · cosine}
 */
public record Prediction(String label, int index, float cosine, float probability) {
}

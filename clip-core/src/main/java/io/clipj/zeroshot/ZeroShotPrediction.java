package io.clipj.zeroshot;

import java.util.List;

/**
 * One evaluated sample: its true label and its top-5 classes with their scores.
 *
 * <p>Immutable and thread-safe.
 *
 * @param label  the true class id
 * @param top5   class ids, largest logit first (fewer with fewer classes)
 * @param scores for each of {@code top5}, the softmax probability over all classes of the logits
 *               ({@code 100 × cosine}, CLIP's zero-shot {@code logits.softmax(dim=-1)})
 */
public record ZeroShotPrediction(int label, List<Integer> top5, List<Double> scores) {

    public ZeroShotPrediction {
        top5 = List.copyOf(top5);
        scores = List.copyOf(scores);
    }
}

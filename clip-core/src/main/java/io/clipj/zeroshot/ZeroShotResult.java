package io.clipj.zeroshot;

import java.util.List;
import java.util.Map;

/**
 * The metrics CLIP_benchmark reports for single-label zero-shot classification, plus per-sample
 * predictions.
 *
 * <p>Immutable and thread-safe (the predictions map is unmodifiable).
 *
 * @param acc1 top-1 accuracy in [0, 1]
 * @param acc5 top-5 accuracy in [0, 1]; NaN when there are fewer than 5 classes (as CLIP_benchmark)
 * @param meanPerClassRecall sklearn's {@code balanced_accuracy_score} of the top-1 predictions: recall
 *     averaged over the classes present among the true labels
 * @param n number of samples evaluated
 * @param predictions sample key to its top-5 class ids, largest logit first (insertion = dataset order)
 * @param skipped samples skipped as bad (dataset or preprocessing), not counted in {@code n}
 */
public record ZeroShotResult(double acc1, double acc5, double meanPerClassRecall, long n,
        Map<String, List<Integer>> predictions, int skipped) {
}

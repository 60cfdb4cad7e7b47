package io.clipj.zeroshot;

import java.util.LinkedHashMap;
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
 * @param samples sample key to its true label, top-5 class ids and scores (insertion = dataset order)
 * @param skipped samples skipped as bad (dataset or preprocessing), not counted in {@code n}
 */
public record ZeroShotResult(double acc1, double acc5, double meanPerClassRecall, long n,
        Map<String, ZeroShotPrediction> samples, int skipped) {

    /** Sample key to its top-5 class ids, largest logit first, in dataset order. */
    public Map<String, List<Integer>> predictions() {
        Map<String, List<Integer>> top5 = new LinkedHashMap<>();
        samples.forEach((key, p) -> top5.put(key, p.top5()));
        return top5;
    }
}

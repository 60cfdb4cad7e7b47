package io.clipj.zeroshot;

import io.clipj.data.PrefetchPipeline;
import io.clipj.data.Sample;
import io.clipj.data.WdsDataset;
import io.clipj.testing.SharedAssets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Golden checks for the real model, used by {@link GoldenZeroShotTest} with {@code io.clipj.Clip} plugged in
 * through {@code io.clipj.ZeroShotEncoders}.
 * Each method returns every mismatch (empty when all match), using golden/README.md's tolerances:
 * classifier weights within 1e-4, logits within 1e-3, top-5 lists and accuracies exactly.
 */
final class GoldenZeroShotCheck {

    static final double WEIGHT_TOLERANCE = 1e-4;
    static final double LOGIT_TOLERANCE = 1e-3;

    private GoldenZeroShotCheck() {
    }

    private static WdsDataset dataset() {
        return WdsDataset.open(SharedAssets.path("wds/imagenetv2-sample"), "test");
    }

    /**
     * Builds the classifier for {@code wds/imagenetv2-sample} (1000 classes × 80 templates) with
     * {@code encoder} and compares it with {@code zeroshot_weights.npy} [16, 1000].
     */
    static List<String> classifierMismatches(TextEncoder encoder) {
        WdsDataset ds = dataset();
        ZeroShotWeights clf = ZeroShotWeights.build(encoder, ds.classNames(), ds.templates(), 1000);
        return weightMismatches(clf, GoldenZeroShot.load());
    }

    static List<String> weightMismatches(ZeroShotWeights clf, GoldenZeroShot golden) {
        List<String> mismatches = new ArrayList<>();
        int[] shape = golden.weights().shape();
        if (clf.dim() != shape[0] || clf.numClasses() != shape[1]) {
            mismatches.add("classifier shape [" + clf.dim() + ", " + clf.numClasses() + "], golden [" + shape[0]
                    + ", " + shape[1] + "]");
            return mismatches;
        }
        for (int d = 0; d < shape[0]; d++) {
            for (int c = 0; c < shape[1]; c++) {
                float expected = golden.weights().get(d, c);
                if (!(Math.abs(clf.weight(d, c) - expected) <= WEIGHT_TOLERANCE)) {
                    mismatches.add("W[" + d + ", " + c + "] = " + clf.weight(d, c) + ", golden " + expected);
                }
            }
        }
        return mismatches;
    }

    /**
     * Runs the whole evaluation on {@code wds/imagenetv2-sample} with the golden classifier, the given
     * preprocessing and image encoder, and compares logits, top-5 lists and accuracies with the golden ones.
     */
    static List<String> evaluationMismatches(Function<Sample, float[]> preprocess, ImageEncoder encoder) {
        GoldenZeroShot golden = GoldenZeroShot.load();
        int[] shape = golden.weights().shape();
        ZeroShotWeights clf = ZeroShotWeights.of(golden.weights().data(), shape[0], shape[1]);
        List<String> mismatches = new ArrayList<>();
        List<float[]> logits = new ArrayList<>();
        ImageEncoder recording = inputs -> {
            float[][] embeds = encoder.embedImages(inputs);
            logits.addAll(List.of(clf.logits(embeds)));
            return embeds;
        };
        ZeroShotResult result = new ZeroShotEvaluator(new PrefetchPipeline(4, 2, false))
                .evaluate(dataset(), clf, preprocess, recording);
        List<String> keys = new ArrayList<>(result.predictions().keySet());
        if (!keys.equals(golden.keys())) {
            mismatches.add("keys " + keys + ", golden " + golden.keys());
            return mismatches;
        }
        for (int n = 0; n < keys.size(); n++) {
            float[] expected = golden.logitsRow(n);
            for (int c = 0; c < expected.length; c++) {
                if (!(Math.abs(logits.get(n)[c] - expected[c]) <= LOGIT_TOLERANCE)) {
                    mismatches.add("logit[" + keys.get(n) + ", " + c + "] = " + logits.get(n)[c] + ", golden "
                            + expected[c]);
                }
            }
            if (!result.predictions().get(keys.get(n)).equals(golden.top5().get(n))) {
                mismatches.add("top-5 of " + keys.get(n) + " = " + result.predictions().get(keys.get(n)) + ", golden "
                        + golden.top5().get(n));
            }
        }
        if (result.acc1() != golden.acc1() || result.acc5() != golden.acc5()) {
            mismatches.add("acc1/acc5 = " + result.acc1() + "/" + result.acc5() + ", golden " + golden.acc1() + "/"
                    + golden.acc5());
        }
        return mismatches;
    }
}

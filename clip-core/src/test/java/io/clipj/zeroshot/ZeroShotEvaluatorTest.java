package io.clipj.zeroshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertAll;

import io.clipj.data.PrefetchPipeline;
import io.clipj.data.WdsDataset;
import io.clipj.testing.SharedAssets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * End to end over the shared dataset sample without the model: image embeddings are recovered from the
 * golden logits (least squares against the golden classifier: 1000 equations, 16 unknowns), so the
 * evaluator, the logits and the metrics are checked against the golden reference.
 */
class ZeroShotEvaluatorTest {

    /** Solves {@code min ||100 · Wᵀu − l||} for each golden logit row l; rows in golden key order. */
    private static float[][] embeddingsFromGoldenLogits(GoldenZeroShot golden) {
        int dim = golden.weights().shape()[0];
        int classes = golden.weights().shape()[1];
        float[][] out = new float[golden.keys().size()][];
        for (int n = 0; n < out.length; n++) {
            float[] l = golden.logitsRow(n);
            double[][] a = new double[dim][dim + 1]; // normal equations [W Wᵀ | W l / 100]
            for (int i = 0; i < dim; i++) {
                for (int j = 0; j < dim; j++) {
                    for (int c = 0; c < classes; c++) {
                        a[i][j] += (double) golden.weights().get(i, c) * golden.weights().get(j, c);
                    }
                }
                for (int c = 0; c < classes; c++) {
                    a[i][dim] += golden.weights().get(i, c) * (double) l[c] / 100;
                }
            }
            out[n] = solve(a);
        }
        return out;
    }

    /** Gaussian elimination with partial pivoting on an augmented matrix. */
    private static float[] solve(double[][] a) {
        int n = a.length;
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            double[] tmp = a[col];
            a[col] = a[pivot];
            a[pivot] = tmp;
            for (int r = 0; r < n; r++) {
                if (r != col) {
                    double f = a[r][col] / a[col][col];
                    for (int k = col; k <= n; k++) {
                        a[r][k] -= f * a[col][k];
                    }
                }
            }
        }
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (a[i][n] / a[i][i]);
        }
        return x;
    }

    /** An image encoder that maps the "pixels" {index} to a fixed embedding row. */
    private static ImageEncoder lookup(float[][] embeds) {
        return inputs -> inputs.stream().map(x -> embeds[(int) x[0]]).toArray(float[][]::new);
    }

    @Test
    void evaluationOverTheDatasetSampleMatchesGolden() {
        GoldenZeroShot golden = GoldenZeroShot.load();
        float[][] embeds = embeddingsFromGoldenLogits(golden);
        List<String> mismatches = GoldenZeroShotCheck.evaluationMismatches(
                s -> new float[] {golden.keys().indexOf(s.key())}, lookup(embeds));
        assertThat(mismatches).isEmpty();
    }

    @Test
    void goldenChecksReportWrongModels() {
        GoldenZeroShot golden = GoldenZeroShot.load();
        float[][] embeds = embeddingsFromGoldenLogits(golden);
        for (float[] row : embeds) {
            for (int d = 0; d < row.length; d++) {
                row[d] = -row[d];
            }
        }
        List<String> wrongImages = GoldenZeroShotCheck.evaluationMismatches(
                s -> new float[] {golden.keys().indexOf(s.key())}, lookup(embeds));
        TextEncoder constantish = texts -> texts.stream()
                .map(t -> new float[] {1, t.length(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
                .toArray(float[][]::new);
        List<String> wrongTexts = GoldenZeroShotCheck.classifierMismatches(constantish);
        assertAll(
                () -> assertThat(wrongImages).anyMatch(m -> m.startsWith("logit[s0000000, 0]"))
                        .anyMatch(m -> m.startsWith("top-5 of s0000009")),
                () -> assertThat(wrongTexts).hasSizeGreaterThan(10_000).anyMatch(m -> m.startsWith("W[15, 999]")));
    }

    @Test
    void limitStopsEarlyAndProgressIsReported() {
        GoldenZeroShot golden = GoldenZeroShot.load();
        float[][] embeds = embeddingsFromGoldenLogits(golden);
        WdsDataset ds = WdsDataset.open(SharedAssets.path("wds/imagenetv2-sample"), "test");
        int[] shape = golden.weights().shape();
        ZeroShotWeights clf = ZeroShotWeights.of(golden.weights().data(), shape[0], shape[1]);
        List<Long> progress = new ArrayList<>();
        ZeroShotResult r = new ZeroShotEvaluator(new PrefetchPipeline(3, 1, false)).evaluate(ds, clf,
                s -> new float[] {golden.keys().indexOf(s.key())}, lookup(embeds), 7, progress::add);
        assertAll(
                () -> assertThat(r.n()).isEqualTo(7),
                () -> assertThat(r.predictions().keySet()).containsExactlyElementsOf(golden.keys().subList(0, 7)),
                () -> assertThat(progress).containsExactly(3L, 6L, 7L));
    }

    @Test
    void mismatchedClassifierIsRefused() {
        WdsDataset ds = WdsDataset.open(SharedAssets.path("wds/imagenetv2-sample"), "test");
        ZeroShotWeights tenClasses = ZeroShotWeights.of(new float[20], 2, 10);
        assertThatThrownBy(() -> new ZeroShotEvaluator(new PrefetchPipeline(4, 1, false))
                .evaluate(ds, tenClasses, s -> new float[1], inputs -> new float[inputs.size()][2]))
                .hasMessageContaining("classifier has 10 classes").hasMessageContaining("has 1000");
    }
}

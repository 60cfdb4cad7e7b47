package io.clipj.zeroshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertAll;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ZeroShotMetricsTest {

    @Test
    void goldenLogitsGiveGoldenTop5AndAccuracies() {
        GoldenZeroShot golden = GoldenZeroShot.load();
        assertThat(golden.logits().shape()).containsExactly(10, 1000);
        ZeroShotMetrics metrics = new ZeroShotMetrics(1000);
        for (int n = 0; n < golden.keys().size(); n++) {
            metrics.add(golden.keys().get(n), golden.labels()[n], golden.logitsRow(n));
        }
        ZeroShotResult result = metrics.result(0);
        List<Runnable> checks = new ArrayList<>();
        for (int n = 0; n < golden.keys().size(); n++) {
            String key = golden.keys().get(n);
            List<Integer> expected = golden.top5().get(n);
            checks.add(() -> assertThat(result.predictions().get(key)).as("top-5 of %s", key)
                    .containsExactlyElementsOf(expected));
        }
        checks.add(() -> assertThat(result.predictions().keySet()).containsExactlyElementsOf(golden.keys()));
        checks.add(() -> assertThat(result.acc1()).isEqualTo(golden.acc1()));
        checks.add(() -> assertThat(result.acc5()).isEqualTo(golden.acc5()));
        checks.add(() -> assertThat(result.n()).isEqualTo(10));
        assertAll(checks.stream().map(c -> c::run));
    }

    /** One-hot-ish logits whose argmax is {@code top}. */
    private static float[] peaked(int classes, int top) {
        float[] row = new float[classes];
        for (int c = 0; c < classes; c++) {
            row[c] = -c; // decreasing: class 0 ranks first unless peaked
        }
        row[top] = 10;
        return row;
    }

    @Test
    void meanPerClassRecallIsSklearnBalancedAccuracy() {
        // sklearn's documented example: balanced_accuracy_score([0,1,0,0,1,0], [0,1,0,0,0,1]) == 0.625
        int[] truth = {0, 1, 0, 0, 1, 0};
        int[] pred = {0, 1, 0, 0, 0, 1};
        ZeroShotMetrics metrics = new ZeroShotMetrics(6);
        for (int i = 0; i < truth.length; i++) {
            metrics.add("k" + i, truth[i], peaked(6, pred[i]));
        }
        ZeroShotResult r = metrics.result(3);
        assertAll(
                () -> assertThat(r.meanPerClassRecall()).isCloseTo(0.625, within(1e-12)),
                () -> assertThat(r.acc1()).isCloseTo(4.0 / 6, within(1e-12)),
                () -> assertThat(r.acc5()).isEqualTo(1.0),
                () -> assertThat(r.skipped()).isEqualTo(3));
    }

    @Test
    void recallIgnoresClassesOnlyPredicted() {
        // class 2 is predicted but never true: sklearn drops it (recall over true classes 0 and 1 only)
        ZeroShotMetrics metrics = new ZeroShotMetrics(5);
        metrics.add("a", 0, peaked(5, 2));
        metrics.add("b", 0, peaked(5, 0));
        metrics.add("c", 1, peaked(5, 1));
        assertThat(metrics.result(0).meanPerClassRecall()).isCloseTo((0.5 + 1.0) / 2, within(1e-12));
    }

    @Test
    void tiesRankLowerClassFirstAndNaNRanksHighest() {
        float nan = Float.NaN;
        assertAll(
                () -> assertThat(TopK.indices(new float[] {1, 3, 3, 2, 3, 0}, 5)).containsExactly(1, 2, 4, 3, 0),
                () -> assertThat(TopK.indices(new float[] {0, 0, 0, 0, 0, 0, 0}, 5)).containsExactly(0, 1, 2, 3, 4),
                () -> assertThat(TopK.indices(new float[] {1, nan, 5, nan}, 3)).containsExactly(1, 3, 2),
                () -> assertThat(TopK.indices(new float[] {2, 1}, 5)).containsExactly(0, 1),
                () -> assertThat(TopK.indices(new float[] {-1, -5, 7, 7.5f, -0.5f, 100, 3}, 4))
                        .containsExactly(5, 3, 2, 6));
    }

    @Test
    void fewerThanFiveClassesHaveNoTop5Accuracy() {
        ZeroShotMetrics metrics = new ZeroShotMetrics(3);
        metrics.add("a", 2, new float[] {0, 1, 2});
        ZeroShotResult r = metrics.result(0);
        assertAll(
                () -> assertThat(r.acc1()).isEqualTo(1.0),
                () -> assertThat(r.acc5()).isNaN(),
                () -> assertThat(r.predictions().get("a")).containsExactly(2, 1, 0));
    }

    @Test
    void badInputIsReported() {
        ZeroShotMetrics metrics = new ZeroShotMetrics(3);
        metrics.add("a", 0, new float[3]);
        assertAll(
                () -> assertThatThrownBy(() -> metrics.add("a", 0, new float[3])).hasMessageContaining("'a' seen twice"),
                () -> assertThatThrownBy(() -> metrics.add("b", 3, new float[3])).hasMessageContaining("label 3"),
                () -> assertThatThrownBy(() -> metrics.add("c", 0, new float[4])).hasMessageContaining("4 logits"));
    }
}

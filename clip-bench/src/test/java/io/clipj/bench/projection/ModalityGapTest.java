package io.clipj.bench.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link ModalityGap#centre}: the mean is removed before re-normalising, directions within a modality are kept. */
class ModalityGapTest {

    @Test
    void rowsAreUnitVectorsWhoseCentredFormHasZeroMean() {
        float[][] rows = cone(new Random(1), 12, 16, 3.0); // unit vectors all leaning towards one axis
        float[][] centred = ModalityGap.centre(rows);
        double[] mean = new double[16];
        for (int i = 0; i < rows.length; i++) {
            assertThat(norm(centred[i])).isCloseTo(1.0, within(1e-5));
            for (int j = 0; j < 16; j++) {
                mean[j] += rows[i][j] / rows.length;
            }
        }
        // each centred row is (row - mean) scaled: parallel to it, so the cosine with it is 1
        for (int i = 0; i < rows.length; i++) {
            double dot = 0;
            double n = 0;
            for (int j = 0; j < 16; j++) {
                double c = rows[i][j] - mean[j];
                dot += c * centred[i][j];
                n += c * c;
            }
            assertThat(dot / Math.sqrt(n)).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void centringRemovesTheOffsetBetweenTwoModalities() {
        Random random = new Random(2);
        float[][] images = cone(random, 10, 16, 6.0);
        float[][] texts = cone(random, 10, 16, -6.0); // the other side of the sphere: a wide gap
        double before = distance(mean(images), mean(texts));
        double after = distance(mean(ModalityGap.centre(images)), mean(ModalityGap.centre(texts)));
        assertThat(before).isGreaterThan(1.5);
        assertThat(after).isLessThan(before / 4);
    }

    @Test
    void aSingleRowIsItsOwnMeanAndBecomesTheCentre() {
        float[][] centred = ModalityGap.centre(new float[][] {{0.6f, 0.8f}});
        assertThat(centred[0]).containsExactly(0f, 0f);
        assertThat(ModalityGap.centre(new float[0][])).isEmpty();
    }

    /** {@code n} unit vectors of dimension {@code d} around {@code lean} × the first axis plus noise. */
    private static float[][] cone(Random random, int n, int d, double lean) {
        float[][] rows = new float[n][d];
        for (float[] r : rows) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                r[j] = (float) (random.nextGaussian() + (j == 0 ? lean : 0));
                s += r[j] * r[j];
            }
            for (int j = 0; j < d; j++) {
                r[j] /= (float) Math.sqrt(s);
            }
        }
        return rows;
    }

    private static double[] mean(float[][] rows) {
        double[] m = new double[rows[0].length];
        for (float[] r : rows) {
            for (int j = 0; j < r.length; j++) {
                m[j] += r[j] / rows.length;
            }
        }
        return m;
    }

    private static double distance(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += (a[j] - b[j]) * (a[j] - b[j]);
        }
        return Math.sqrt(s);
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}

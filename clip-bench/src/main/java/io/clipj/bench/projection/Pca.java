package io.clipj.bench.projection;

import java.util.Random;

/**
 * Principal component analysis to a few dimensions: rows centred, then the top eigenvectors of the
 * covariance found by power iteration with deflation (exact enough for plotting; no library needed for a
 * D×D symmetric matrix with D ≤ a few thousand).
 *
 * <p>Stateless and thread-safe.
 */
public final class Pca {

    private static final int ITERATIONS = 500;

    private Pca() {
    }

    /**
     * The coordinates {@code [N, k]} of {@code rows} {@code [N, D]} on their top {@code k} principal
     * components. Each component's sign is fixed so that its largest-magnitude loading is positive
     * (scikit-learn's {@code svd_flip} convention, so results do not depend on the random start).
     */
    public static double[][] project(float[][] rows, int k, long seed) {
        int n = rows.length;
        int d = rows[0].length;
        double[] mean = new double[d];
        for (float[] r : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j] / (double) n;
            }
        }
        double[][] x = new double[n][d]; // [N, D] centred
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = rows[i][j] - mean[j];
            }
        }
        double[][] cov = new double[d][d]; // [D, D], X^T X (the 1/N factor does not change eigenvectors)
        for (double[] r : x) {
            for (int a = 0; a < d; a++) {
                if (r[a] == 0) {
                    continue;
                }
                for (int b = a; b < d; b++) {
                    cov[a][b] += r[a] * r[b];
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < a; b++) {
                cov[a][b] = cov[b][a];
            }
        }
        Random random = new Random(seed);
        double[][] out = new double[n][k];
        for (int c = 0; c < k; c++) {
            double[] v = topEigenvector(cov, random);
            double lambda = rayleigh(cov, v);
            fixSign(v);
            for (int i = 0; i < n; i++) {
                out[i][c] = dot(x[i], v);
            }
            for (int a = 0; a < d; a++) { // deflate: cov -= lambda v v^T
                for (int b = 0; b < d; b++) {
                    cov[a][b] -= lambda * v[a] * v[b];
                }
            }
        }
        return out;
    }

    private static double[] topEigenvector(double[][] m, Random random) {
        int d = m.length;
        double[] v = new double[d];
        for (int j = 0; j < d; j++) {
            v[j] = random.nextGaussian();
        }
        normalise(v);
        for (int it = 0; it < ITERATIONS; it++) {
            double[] next = multiply(m, v);
            if (normalise(next) == 0) {
                return v; // rank exhausted: any unit vector spans a zero-variance direction
            }
            double change = 0;
            for (int j = 0; j < d; j++) {
                change = Math.max(change, Math.abs(Math.abs(next[j]) - Math.abs(v[j])));
            }
            v = next;
            if (change < 1e-12) {
                break;
            }
        }
        return v;
    }

    private static double rayleigh(double[][] m, double[] v) {
        return dot(v, multiply(m, v));
    }

    private static double[] multiply(double[][] m, double[] v) {
        double[] out = new double[v.length];
        for (int a = 0; a < m.length; a++) {
            out[a] = dot(m[a], v);
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }

    private static double normalise(double[] v) {
        double norm = Math.sqrt(dot(v, v));
        if (norm > 0) {
            for (int j = 0; j < v.length; j++) {
                v[j] /= norm;
            }
        }
        return norm;
    }

    private static void fixSign(double[] v) {
        int arg = 0;
        for (int j = 1; j < v.length; j++) {
            if (Math.abs(v[j]) > Math.abs(v[arg])) {
                arg = j;
            }
        }
        if (v[arg] < 0) {
            for (int j = 0; j < v.length; j++) {
                v[j] = -v[j];
            }
        }
    }
}

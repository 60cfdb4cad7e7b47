package io.clipj.bench.projection;

/**
 * Exact t-SNE (van der Maaten and Hinton, 2008) with scikit-learn's defaults: perplexity 30 (lowered to
 * {@code (N - 1) / 3} for small samples), PCA initialisation scaled to standard deviation 1e-4, early
 * exaggeration 12 for the first 250 of 1000 iterations, momentum 0.5 then 0.8, per-coordinate gains
 * (+0.2 / ×0.8, floor 0.01) and learning rate {@code max(N / 12 / 4, 50)}. Each iteration costs O(N²),
 * fine for the few hundred points of an embedding map; see {@code package-info} for why this is not a
 * library call.
 *
 * <p>Stateless and thread-safe.
 */
public final class Tsne {

    private static final int ITERATIONS = 1000;
    private static final int EXAGGERATION_ITERATIONS = 250;
    private static final double EXAGGERATION = 12;
    private static final double MAX_PERPLEXITY = 30;

    private Tsne() {
    }

    /** The 2-D map {@code [N, 2]} of {@code rows} {@code [N, D]} (needs N ≥ 2). */
    public static double[][] project(float[][] rows, long seed) {
        int n = rows.length;
        if (n < 2) {
            throw new IllegalArgumentException("t-SNE needs at least 2 points, got " + n);
        }
        double perplexity = Math.max(1, Math.min(MAX_PERPLEXITY, (n - 1) / 3.0));
        double[][] p = jointProbabilities(squaredDistances(rows), perplexity);
        double[][] y = Pca.project(rows, 2, seed);
        double sd = standardDeviation(y, 0);
        for (double[] row : y) {
            row[0] = row[0] / (sd > 0 ? sd : 1) * 1e-4;
            row[1] = row[1] / (sd > 0 ? sd : 1) * 1e-4;
        }
        double learningRate = Math.max(n / EXAGGERATION / 4, 50);
        double[][] update = new double[n][2];
        double[][] gains = new double[n][2];
        for (double[] g : gains) {
            g[0] = 1;
            g[1] = 1;
        }
        for (int it = 0; it < ITERATIONS; it++) {
            double exaggeration = it < EXAGGERATION_ITERATIONS ? EXAGGERATION : 1;
            double momentum = it < EXAGGERATION_ITERATIONS ? 0.5 : 0.8;
            double[][] grad = gradient(p, y, exaggeration);
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < 2; c++) {
                    boolean sameSign = Math.signum(update[i][c]) == Math.signum(grad[i][c]);
                    gains[i][c] = Math.max(0.01, sameSign ? gains[i][c] * 0.8 : gains[i][c] + 0.2);
                    update[i][c] = momentum * update[i][c] - learningRate * gains[i][c] * grad[i][c];
                    y[i][c] += update[i][c];
                }
            }
        }
        return y;
    }

    /** dC/dy_i = 4 Σ_j (e·p_ij − q_ij)(y_i − y_j) / (1 + |y_i − y_j|²). */
    private static double[][] gradient(double[][] p, double[][] y, double exaggeration) {
        int n = y.length;
        double[][] w = new double[n][n]; // Student-t kernel (1 + d²)^-1
        double sum = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double dx = y[i][0] - y[j][0];
                double dy = y[i][1] - y[j][1];
                double k = 1 / (1 + dx * dx + dy * dy);
                w[i][j] = k;
                w[j][i] = k;
                sum += 2 * k;
            }
        }
        double[][] grad = new double[n][2];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i == j) {
                    continue;
                }
                double q = Math.max(w[i][j] / sum, 1e-12);
                double f = 4 * (exaggeration * p[i][j] - q) * w[i][j];
                grad[i][0] += f * (y[i][0] - y[j][0]);
                grad[i][1] += f * (y[i][1] - y[j][1]);
            }
        }
        return grad;
    }

    /** Symmetric P: each row's Gaussian bandwidth found by bisection to match the perplexity. */
    private static double[][] jointProbabilities(double[][] d2, double perplexity) {
        int n = d2.length;
        double target = Math.log(perplexity);
        double[][] cond = new double[n][n];
        for (int i = 0; i < n; i++) {
            double lo = 0;
            double hi = Double.POSITIVE_INFINITY;
            double beta = 1;
            for (int step = 0; step < 100; step++) {
                double sum = 0;
                double weighted = 0;
                for (int j = 0; j < n; j++) {
                    double v = j == i ? 0 : Math.exp(-d2[i][j] * beta);
                    cond[i][j] = v;
                    sum += v;
                    weighted += d2[i][j] * v;
                }
                sum = Math.max(sum, 1e-300);
                double entropy = Math.log(sum) + beta * weighted / sum;
                for (int j = 0; j < n; j++) {
                    cond[i][j] /= sum;
                }
                if (Math.abs(entropy - target) < 1e-5) {
                    break;
                }
                if (entropy > target) {
                    lo = beta;
                    beta = Double.isInfinite(hi) ? beta * 2 : (beta + hi) / 2;
                } else {
                    hi = beta;
                    beta = (beta + lo) / 2;
                }
            }
        }
        double[][] p = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                p[i][j] = Math.max((cond[i][j] + cond[j][i]) / (2.0 * n), 1e-12);
            }
        }
        return p;
    }

    private static double[][] squaredDistances(float[][] rows) {
        int n = rows.length;
        double[][] d2 = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double s = 0;
                for (int k = 0; k < rows[i].length; k++) {
                    double diff = rows[i][k] - rows[j][k];
                    s += diff * diff;
                }
                d2[i][j] = s;
                d2[j][i] = s;
            }
        }
        return d2;
    }

    private static double standardDeviation(double[][] y, int column) {
        double mean = 0;
        for (double[] r : y) {
            mean += r[column] / y.length;
        }
        double var = 0;
        for (double[] r : y) {
            var += (r[column] - mean) * (r[column] - mean) / y.length;
        }
        return Math.sqrt(var);
    }
}

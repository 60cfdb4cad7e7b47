package io.clipj;

import io.clipj.internal.L2;

/**
 * Arithmetic on embeddings as returned by {@link Clip}: L2 normalisation, cosine similarity, softmax.
 *
 * <p>Stateless and thread-safe; every method returns new arrays and leaves its arguments unchanged.
 */
public final class Embeddings {

    private Embeddings() {
    }

    /** {@code torch.nn.functional.normalize}'s default epsilon. */
    public static final double NORMALIZE_EPS = L2.EPS;

    /**
     * {@code v / max(‖v‖, 1e-12)}, computed in double: {@code torch.nn.functional.normalize(v, dim=-1)}, the one L2
     * normalisation of clipj (a zero vector stays zero).
     */
    public static float[] normalize(float[] v) {
        return L2.normalize(v);
    }

    /** The L2 norm, accumulated in double. */
    public static double norm(float[] v) {
        return L2.norm(v);
    }

    /** Each row L2-normalised. */
    public static float[][] normalize(float[][] rows) {
        return L2.normalize(rows);
    }

    /** Dot product, accumulated in double. */
    public static double dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors of different lengths: " + a.length + " and " + b.length);
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    /** Cosine similarity of every row of {@code a} with every row of {@code b}: {@code [a.length, b.length]}. */
    public static float[][] cosine(float[][] a, float[][] b) {
        float[][] na = normalize(a);
        float[][] nb = normalize(b);
        float[][] out = new float[a.length][b.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                out[i][j] = (float) dot(na[i], nb[j]);
            }
        }
        return out;
    }

    /** Softmax of one row, shifted by its maximum for stability. */
    public static float[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float x : logits) {
            max = Math.max(max, x);
        }
        double[] e = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            e[i] = Math.exp(logits[i] - max);
            sum += e[i];
        }
        float[] out = new float[logits.length];
        for (int i = 0; i < logits.length; i++) {
            out[i] = (float) (e[i] / sum);
        }
        return out;
    }
}

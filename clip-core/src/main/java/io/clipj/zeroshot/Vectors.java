package io.clipj.zeroshot;

/**
 * Small vector helpers with PyTorch's conventions.
 *
 * <p>Stateless and thread-safe.
 */
final class Vectors {

    /** {@code torch.nn.functional.normalize}'s default epsilon: a zero vector stays zero. */
    static final double NORMALIZE_EPS = 1e-12;

    private Vectors() {
    }

    /** The L2 norm, accumulated in double. */
    static double norm(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        return Math.sqrt(sum);
    }

    /** A copy of {@code v} divided by {@code max(||v||, eps)}, as {@code F.normalize(v, dim=-1)}. */
    static float[] normalized(float[] v) {
        double scale = 1.0 / Math.max(norm(v), NORMALIZE_EPS);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] * scale);
        }
        return out;
    }
}

package io.clipj.internal;

/**
 * The one L2 normalisation of clipj, {@code torch.nn.functional.normalize(v, dim=-1)}: {@code v / max(‖v‖, eps)}
 * computed in double, so a zero vector stays zero. Public as {@link io.clipj.Embeddings#normalize(float[])}; here
 * so that packages below the API ({@code io.clipj.zeroshot}) use it without depending on {@code io.clipj}.
 *
 * <p>Stateless and thread-safe; returns new arrays and leaves its arguments unchanged.
 */
public final class L2 {

    /** {@code torch.nn.functional.normalize}'s default epsilon. */
    public static final double EPS = 1e-12;

    private L2() {
    }

    /** {@code v / max(‖v‖, 1e-12)}. */
    public static float[] normalize(float[] v) {
        double denom = Math.max(norm(v), EPS);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / denom);
        }
        return out;
    }

    /** Each row normalised. */
    public static float[][] normalize(float[][] rows) {
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = normalize(rows[i]);
        }
        return out;
    }

    /** The L2 norm, accumulated in double. */
    public static double norm(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        return Math.sqrt(sum);
    }
}

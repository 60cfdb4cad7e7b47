package io.clipj.bench.projection;

/**
 * Removes CLIP's modality gap before a map is drawn. CLIP's image embeddings and text embeddings sit in two
 * separate cones of the unit sphere, so a joint map of both shows mostly one long distance between two clumps
 * (Liang et al., 2022, "Mind the Gap"). Centring each modality on its own mean and re-normalising moves both
 * cones onto the same centre while keeping the directions within each, so the structure inside each modality,
 * and which image lies near which text, becomes visible.
 *
 * <p>Stateless and thread-safe.
 */
public final class ModalityGap {

    private ModalityGap() {
    }

    /**
     * {@code rows} {@code [N, D]} minus their mean row, each result scaled back to unit length. A row equal to
     * the mean (always so for a single row) becomes the zero vector, the modality's centre.
     */
    public static float[][] centre(float[][] rows) {
        if (rows.length == 0) {
            return new float[0][];
        }
        int d = rows[0].length;
        double[] mean = new double[d];
        for (float[] r : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= rows.length;
        }
        float[][] out = new float[rows.length][d]; // [N, D]
        for (int i = 0; i < rows.length; i++) {
            double[] c = new double[d];
            double norm = 0;
            for (int j = 0; j < d; j++) {
                c[j] = rows[i][j] - mean[j];
                norm += c[j] * c[j];
            }
            norm = Math.sqrt(norm);
            // below float rounding of a unit vector the difference is noise, not a direction
            if (norm > 1e-6) {
                for (int j = 0; j < d; j++) {
                    out[i][j] = (float) (c[j] / norm);
                }
            }
        }
        return out;
    }
}

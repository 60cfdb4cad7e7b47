package io.clipj;

/**
 * Images against texts, as HF {@code CLIPModel}'s forward pass reports them.
 *
 * <p>Immutable and thread-safe: arrays are copied in and out.
 *
 * @param cosine         {@code [images, texts]} cosine similarity of the projected embeddings
 * @param logitsPerImage {@code [images, texts]} {@code exp(logit_scale) · cosine}
 * @param logitsPerText  {@code [texts, images]}, the transpose
 * @param probabilities  {@code [images, texts]} softmax of each row of {@code logitsPerImage}: for each image,
 *                       a distribution over the texts
 * @param logitScale     {@code exp(logit_scale)} of the model (100 for OpenAI's checkpoints)
 */
public record SimilarityResult(float[][] cosine, float[][] logitsPerImage, float[][] logitsPerText,
                               float[][] probabilities, float logitScale) {

    public SimilarityResult {
        cosine = copy(cosine);
        logitsPerImage = copy(logitsPerImage);
        logitsPerText = copy(logitsPerText);
        probabilities = copy(probabilities);
    }

    /** Computes every field from projected (not necessarily normalised) embeddings. */
    public static SimilarityResult of(float[][] imageEmbeds, float[][] textEmbeds, float logitScale) {
        float[][] cosine = Embeddings.cosine(imageEmbeds, textEmbeds);
        int n = cosine.length;
        int t = textEmbeds.length;
        float[][] perImage = new float[n][t];
        float[][] perText = new float[t][n];
        float[][] probs = new float[n][];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < t; j++) {
                perImage[i][j] = logitScale * cosine[i][j];
                perText[j][i] = perImage[i][j];
            }
            probs[i] = Embeddings.softmax(perImage[i]);
        }
        return new SimilarityResult(cosine, perImage, perText, probs, logitScale);
    }

    @Override
    public float[][] cosine() {
        return copy(cosine);
    }

    @Override
    public float[][] logitsPerImage() {
        return copy(logitsPerImage);
    }

    @Override
    public float[][] logitsPerText() {
        return copy(logitsPerText);
    }

    @Override
    public float[][] probabilities() {
        return copy(probabilities);
    }

    /** Number of images (rows). */
    public int imageCount() {
        return cosine.length;
    }

    /** Number of texts (columns). */
    public int textCount() {
        return logitsPerText.length;
    }

    /** The values, e.g. {@code SimilarityResult[logitScale=100.0, cosine=[[0.31, 0.12]], probabilities=[[1.0, 0.0]]]}. */
    @Override
    public String toString() {
        return "SimilarityResult[logitScale=" + logitScale + ", cosine=" + java.util.Arrays.deepToString(cosine)
                + ", probabilities=" + java.util.Arrays.deepToString(probabilities) + "]";
    }

    /** Equal values in every field (records compare arrays by identity otherwise). */
    @Override
    public boolean equals(Object o) {
        return o instanceof SimilarityResult r && Float.compare(logitScale, r.logitScale)
                == 0 && java.util.Arrays.deepEquals(cosine, r.cosine) && java.util.Arrays.deepEquals(probabilities, r.probabilities)
                && java.util.Arrays.deepEquals(logitsPerImage, r.logitsPerImage);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.deepHashCode(cosine) * 31 + Float.hashCode(logitScale);
    }

    private static float[][] copy(float[][] m) {
        float[][] out = new float[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i].clone();
        }
        return out;
    }
}

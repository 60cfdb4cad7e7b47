package io.clipj;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A zero-shot image classifier: one text embedding per label, made the CLIP_benchmark way from one or
 * more prompt templates (each template's embedding normalised, the normalised embeddings averaged, the
 * average normalised again). Build one with {@link Clip#zeroShotClassifier(List, List)} and reuse it for
 * many images.
 *
 * <p>Immutable and thread-safe.
 */
public final class ZeroShotClassifier {

    private final List<String> labels;
    private final float[][] classEmbeddings;
    private final float logitScale;

    ZeroShotClassifier(List<String> labels, float[][] classEmbeddings, float logitScale) {
        this.labels = List.copyOf(labels);
        this.classEmbeddings = classEmbeddings;
        this.logitScale = logitScale;
    }

    /** Fills a template's {@code {c}} (CLIP_benchmark's placeholder) or {@code {}} with {@code label}. */
    static String prompt(String template, String label) {
        if (template.contains("{c}")) {
            return template.replace("{c}", label);
        }
        if (template.contains("{}")) {
            return template.replace("{}", label);
        }
        throw new IllegalArgumentException("prompt template '" + template + "' has no {c} or {} placeholder");
    }

    /** Per label: normalise each template's embedding, average, renormalise. */
    static float[][] classEmbeddings(float[][] promptEmbeddings, int labels, int templates) {
        float[][] out = new float[labels][];
        for (int c = 0; c < labels; c++) {
            int dim = promptEmbeddings[c * templates].length;
            float[] mean = new float[dim];
            for (int t = 0; t < templates; t++) {
                float[] unit = Embeddings.normalize(promptEmbeddings[c * templates + t]);
                for (int d = 0; d < dim; d++) {
                    mean[d] += unit[d] / templates;
                }
            }
            out[c] = Embeddings.normalize(mean);
        }
        return out;
    }

    /** The labels, in the order scores are reported. */
    public List<String> labels() {
        return labels;
    }

    /** The normalised class embeddings {@code [labels, D]} (a copy). */
    public float[][] classEmbeddings() {
        float[][] out = new float[classEmbeddings.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = classEmbeddings[i].clone();
        }
        return out;
    }

    /** Cosine similarity of one image embedding (normalised or not) with every label. */
    public float[] cosines(float[] imageEmbedding) {
        float[] unit = Embeddings.normalize(imageEmbedding);
        float[] out = new float[classEmbeddings.length];
        for (int c = 0; c < out.length; c++) {
            out[c] = (float) Embeddings.dot(unit, classEmbeddings[c]);
        }
        return out;
    }

    /** Every label scored for one image embedding, most probable first. */
    public List<Prediction> classify(float[] imageEmbedding) {
        float[] cos = cosines(imageEmbedding);
        float[] logits = new float[cos.length];
        for (int c = 0; c < cos.length; c++) {
            logits[c] = logitScale * cos[c];
        }
        float[] probs = Embeddings.softmax(logits);
        List<Prediction> out = new ArrayList<>(cos.length);
        for (int c = 0; c < cos.length; c++) {
            out.add(new Prediction(labels.get(c), c, cos[c], probs[c]));
        }
        out.sort(Comparator.comparingDouble(Prediction::probability).reversed()
                .thenComparingInt(Prediction::index));
        return List.copyOf(out);
    }
}

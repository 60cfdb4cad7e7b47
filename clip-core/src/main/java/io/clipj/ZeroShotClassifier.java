package io.clipj;

import io.clipj.zeroshot.ZeroShotWeights;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A zero-shot image classifier: one text embedding per label, made the CLIP_benchmark way from one or
 * more prompt templates (each template's embedding normalised, the normalised embeddings averaged, the
 * average normalised again). Build one with {@link Clip#zeroShotClassifier(List, List)} and reuse it for
 * many images. The math is {@link ZeroShotWeights}'s (CLIP_benchmark's protocol);
 * this class adds labels and probabilities with the model's own {@code exp(logit_scale)}.
 *
 * <p>Immutable and thread-safe.
 */
public final class ZeroShotClassifier {

    private final List<String> labels;
    private final ZeroShotWeights weights; // [D, labels], unit columns
    private final float logitScale;

    ZeroShotClassifier(List<String> labels, ZeroShotWeights weights, float logitScale) {
        this.labels = List.copyOf(labels);
        this.weights = weights;
        this.logitScale = logitScale;
    }

    /**
     * The templates in CLIP_benchmark's {@code {c}} form; a template with only {@code {}} (the other common
     * placeholder) is rewritten to {@code {c}}.
     */
    static List<String> withClassPlaceholder(List<String> templates) {
        List<String> out = new ArrayList<>(templates.size());
        for (String template : templates) {
            out.add(!template.contains("{c}") && template.contains("{}") ? template.replace("{}", "{c}") : template);
        }
        return out;
    }

    /** The labels, in the order scores are reported. */
    public List<String> labels() {
        return labels;
    }

    /** The normalised class embeddings {@code [labels, D]} (a copy). */
    public float[][] classEmbeddings() {
        float[][] out = new float[labels.size()][weights.dim()];
        for (int c = 0; c < out.length; c++) {
            for (int d = 0; d < weights.dim(); d++) {
                out[c][d] = weights.weight(d, c);
            }
        }
        return out;
    }

    /** The CLIP_benchmark classifier behind this one ({@code [D, labels]}, logits with the fixed factor 100). */
    public ZeroShotWeights weights() {
        return weights;
    }

    /** Cosine similarity of one image embedding (normalised or not) with every label. */
    public float[] cosines(float[] imageEmbedding) {
        float[] logits = weights.logits(new float[][] {imageEmbedding})[0];
        float[] out = new float[logits.length];
        for (int c = 0; c < out.length; c++) {
            out[c] = logits[c] / ZeroShotWeights.LOGIT_SCALE;
        }
        return out;
    }

    /**
     * The {@code k} most probable labels for one image embedding, most probable first (probabilities are over all
     * labels); ties keep label order.
     *
     * @throws IllegalArgumentException if {@code k} is below 1 (a {@code k} above the label count gives them all)
     */
    public List<Prediction> classify(float[] imageEmbedding, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        List<Prediction> all = classify(imageEmbedding);
        return all.subList(0, Math.min(k, all.size()));
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

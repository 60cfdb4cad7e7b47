package io.clipj.zeroshot;

import io.clipj.internal.L2;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A zero-shot classifier as CLIP_benchmark's {@code zero_shot_classifier} builds it: for each class, every
 * template filled with the class name, each prompt's text embedding L2-normalised, the normalised
 * embeddings averaged and the average renormalised. Column c of the weight matrix {@code [D, C]} is class c.
 *
 * <p>Logits follow CLIP_benchmark's {@code run_classification}: {@code 100 × normalise(image embedding) ·
 * weights}. The factor is a fixed 100, not the model's {@code exp(logit_scale)}: it does not change the
 * ranking, and it keeps logits comparable with CLIP_benchmark's.
 *
 * <p>Prompts are sent to the {@link TextEncoder} in batches of up to {@code batchSize} spanning many classes
 * (class-major order: all templates of class 0, then of class 1, ...), so the encoder sees large batches.
 *
 * <p>Immutable and thread-safe.
 */
public final class ZeroShotWeights {

    /** CLIP_benchmark's fixed logit multiplier. */
    public static final float LOGIT_SCALE = 100f;

    private static final Logger LOG = LoggerFactory.getLogger(ZeroShotWeights.class);

    private final float[] weights; // [D, C] row-major
    private final int dim;
    private final int numClasses;

    private ZeroShotWeights(float[] weights, int dim, int numClasses) {
        this.weights = weights;
        this.dim = dim;
        this.numClasses = numClasses;
    }

    /** Wraps an existing {@code [D, C]} row-major weight matrix (copied). */
    public static ZeroShotWeights of(float[] weights, int dim, int numClasses) {
        if (dim < 1 || numClasses < 1 || (long) dim * numClasses != weights.length) {
            throw new IllegalArgumentException("classifier weights of " + weights.length
                    + " values do not form a [" + dim + ", " + numClasses + "] matrix");
        }
        return new ZeroShotWeights(weights.clone(), dim, numClasses);
    }

    /**
     * Builds the classifier from class names and templates (each with {@code {c}}), embedding all
     * {@code classes × templates} prompts through {@code encoder} in batches of at most {@code batchSize}.
     */
    public static ZeroShotWeights build(TextEncoder encoder, List<String> classNames, List<String> templates,
            int batchSize) {
        return build(encoder, classNames, templates, batchSize, (done, total) -> { });
    }

    /** Reports how many of the {@code total} prompts are embedded, after each batch. */
    @FunctionalInterface
    public interface Progress {
        /** Called on the building thread after each batch. */
        void update(int done, int total);
    }

    /** As {@link #build(TextEncoder, List, List, int)}, reporting progress after each batch. */
    public static ZeroShotWeights build(TextEncoder encoder, List<String> classNames, List<String> templates,
            int batchSize, Progress progress) {
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("no class names");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        }
        PromptTemplates.validate(templates);
        int t = templates.size();
        int total = classNames.size() * t;
        double[][] sums = new double[classNames.size()][]; // [C][D], sum of normalised prompt embeddings
        int dim = -1;
        for (int start = 0; start < total; start += batchSize) {
            int end = Math.min(total, start + batchSize);
            List<String> prompts = new ArrayList<>(end - start);
            for (int p = start; p < end; p++) {
                prompts.add(PromptTemplates.fill(templates.get(p % t), classNames.get(p / t)));
            }
            float[][] embeds = encoder.embedTexts(prompts); // [B, D]
            if (embeds == null || embeds.length != prompts.size()) {
                throw new IllegalStateException("text encoder returned " + (embeds == null ? "null" : embeds.length
                        + " embeddings") + " for " + prompts.size() + " prompts");
            }
            for (int i = 0; i < embeds.length; i++) {
                if (dim < 0) {
                    dim = embeds[i].length;
                }
                if (embeds[i].length != dim || dim == 0) {
                    throw new IllegalStateException("text encoder returned an embedding of width "
                            + embeds[i].length + " for prompt '" + prompts.get(i) + "', expected " + dim);
                }
                int c = (start + i) / t;
                if (sums[c] == null) {
                    sums[c] = new double[dim];
                }
                float[] unit = L2.normalize(embeds[i]);
                for (int d = 0; d < dim; d++) {
                    sums[c][d] += unit[d];
                }
            }
            LOG.debug("embedded prompts {}..{} of {}", start, end, total);
            progress.update(end, total);
        }
        float[] weights = new float[dim * classNames.size()]; // [D, C]
        for (int c = 0; c < classNames.size(); c++) {
            float[] mean = new float[dim];
            for (int d = 0; d < dim; d++) {
                mean[d] = (float) (sums[c][d] / t);
            }
            float[] unit = L2.normalize(mean);
            for (int d = 0; d < dim; d++) {
                weights[d * classNames.size() + c] = unit[d];
            }
        }
        return new ZeroShotWeights(weights, dim, classNames.size());
    }

    /**
     * Logits {@code [N, C]} for a batch of image embeddings {@code [N, D]} (projected, not normalised):
     * {@code 100 × normalise(e) · W}.
     */
    public float[][] logits(float[][] imageEmbeds) {
        float[][] out = new float[imageEmbeds.length][];
        for (int n = 0; n < imageEmbeds.length; n++) {
            if (imageEmbeds[n].length != dim) {
                throw new IllegalArgumentException("image embedding " + n + " has width " + imageEmbeds[n].length
                        + ", the classifier expects " + dim);
            }
            float[] unit = L2.normalize(imageEmbeds[n]);
            double[] acc = new double[numClasses];
            for (int d = 0; d < dim; d++) {
                double x = unit[d];
                int row = d * numClasses;
                for (int c = 0; c < numClasses; c++) {
                    acc[c] += x * weights[row + c];
                }
            }
            float[] logits = new float[numClasses];
            for (int c = 0; c < numClasses; c++) {
                logits[c] = (float) (LOGIT_SCALE * acc[c]);
            }
            out[n] = logits;
        }
        return out;
    }

    /** A copy of the weights, {@code [D, C]} row-major (the layout of CLIP_benchmark's tensor). */
    public float[] weights() {
        return weights.clone();
    }

    /** The weight at embedding dimension {@code d}, class {@code c}. */
    public float weight(int d, int c) {
        return weights[d * numClasses + c];
    }

    /** Embedding width D. */
    public int dim() {
        return dim;
    }

    /** Number of classes C. */
    public int numClasses() {
        return numClasses;
    }
}

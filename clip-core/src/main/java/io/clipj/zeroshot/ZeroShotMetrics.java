package io.clipj.zeroshot;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Accumulates CLIP_benchmark's classification metrics batch by batch: top-1 and top-5 accuracy as its
 * {@code accuracy(logits, target, topk=(1, 5))}, and mean per-class recall as sklearn's
 * {@code balanced_accuracy_score(target, logits.argmax(1))}. Ties are broken as {@link TopK} documents.
 *
 * <p>Not thread-safe: feed it from one thread.
 */
public final class ZeroShotMetrics {

    private static final int K = 5;

    private final int numClasses;
    private final Map<String, ZeroShotPrediction> predictions = new LinkedHashMap<>();
    private final Map<Integer, long[]> perClass = new HashMap<>(); // label -> {seen, top-1 correct}
    private long n;
    private long correct1;
    private long correct5;

    /** Metrics over {@code numClasses} classes. */
    public ZeroShotMetrics(int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be positive, got " + numClasses);
        }
        this.numClasses = numClasses;
    }

    /** Adds one sample: its key, true label and logits row {@code [C]}. */
    public void add(String key, int label, float[] logits) {
        if (logits.length != numClasses) {
            throw new IllegalArgumentException("sample '" + key + "': " + logits.length + " logits, expected "
                    + numClasses);
        }
        if (label < 0 || label >= numClasses) {
            throw new IllegalArgumentException("sample '" + key + "': label " + label + " out of range [0, "
                    + numClasses + ")");
        }
        int[] top = TopK.indices(logits, K);
        if (predictions.putIfAbsent(key, new ZeroShotPrediction(label, List.of(box(top)), softmaxAt(logits, top)))
                != null) {
            throw new IllegalArgumentException("sample key '" + key + "' seen twice");
        }
        n++;
        long[] stats = perClass.computeIfAbsent(label, l -> new long[2]);
        stats[0]++;
        if (top[0] == label) {
            correct1++;
            stats[1]++;
        }
        for (int id : top) {
            if (id == label) {
                correct5++;
                break;
            }
        }
    }

    /** Adds a batch: keys, labels and logits {@code [N, C]}, parallel. */
    public void addBatch(List<String> keys, int[] labels, float[][] logits) {
        if (keys.size() != labels.length || keys.size() != logits.length) {
            throw new IllegalArgumentException("batch of " + keys.size() + " keys, " + labels.length
                    + " labels and " + logits.length + " logit rows");
        }
        for (int i = 0; i < logits.length; i++) {
            add(keys.get(i), labels[i], logits[i]);
        }
    }

    /** The metrics so far; {@code skipped} is reported as is. NaN metrics when nothing was added. */
    public ZeroShotResult result(int skipped) {
        double recallSum = 0;
        for (long[] stats : perClass.values()) {
            recallSum += (double) stats[1] / stats[0];
        }
        double acc1 = n == 0 ? Double.NaN : (double) correct1 / n;
        double acc5 = n == 0 || numClasses < K ? Double.NaN : (double) correct5 / n;
        double recall = perClass.isEmpty() ? Double.NaN : recallSum / perClass.size();
        return new ZeroShotResult(acc1, acc5, recall, n, Collections.unmodifiableMap(new LinkedHashMap<>(predictions)),
                skipped);
    }

    /** softmax(logits)[i] for each i in {@code ids}, computed in double with the maximum subtracted. */
    static List<Double> softmaxAt(float[] logits, int[] ids) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : logits) {
            sum += Math.exp(v - max);
        }
        Double[] out = new Double[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.exp(logits[ids[i]] - max) / sum;
        }
        return List.of(out);
    }

    private static Integer[] box(int[] values) {
        Integer[] out = new Integer[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}

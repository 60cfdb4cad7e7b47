package io.clipj.zeroshot;

import io.clipj.data.PrefetchPipeline;
import io.clipj.data.Sample;
import io.clipj.data.SampleReader;
import io.clipj.data.WdsDataset;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs CLIP_benchmark's zero-shot classification over a {@link WdsDataset}: samples are decoded and
 * preprocessed on a worker thread ({@link PrefetchPipeline}) while the calling thread embeds each batch,
 * scores it against the classifier and accumulates {@link ZeroShotMetrics}.
 *
 * <pre>{@code
 * WdsDataset ds = WdsDataset.open(root, "test", WdsOptions.DEFAULTS);
 * ZeroShotClassifier clf = cache.getOrBuild(modelId, ds.classNames(), ds.templates(),
 *         () -> ZeroShotClassifier.build(textEncoder, ds.classNames(), ds.templates(), 1024));
 * ZeroShotResult r = new ZeroShotEvaluator(new PrefetchPipeline(64, 4, false))
 *         .evaluate(ds, clf, sample -> processor.preprocess(sample.image()), imageEncoder);
 * }</pre>
 *
 * <p>Immutable and thread-safe; each {@link #evaluate} call is independent.
 */
public final class ZeroShotEvaluator {

    private static final Logger LOG = LoggerFactory.getLogger(ZeroShotEvaluator.class);

    private final PrefetchPipeline pipeline;

    /** An evaluator loading data through {@code pipeline}. */
    public ZeroShotEvaluator(PrefetchPipeline pipeline) {
        this.pipeline = pipeline;
    }

    /**
     * Evaluates every sample of {@code dataset}: {@code preprocess} turns a sample into the model input (on
     * the worker thread), {@code encoder} embeds a batch of inputs (on this thread).
     */
    public ZeroShotResult evaluate(WdsDataset dataset, ZeroShotClassifier classifier,
            Function<Sample, float[]> preprocess, ImageEncoder encoder) {
        if (classifier.numClasses() != dataset.classNames().size()) {
            throw new IllegalArgumentException("classifier has " + classifier.numClasses() + " classes, dataset "
                    + dataset.root() + " has " + dataset.classNames().size());
        }
        ZeroShotMetrics metrics = new ZeroShotMetrics(classifier.numClasses());
        int skippedPreprocess;
        int skippedData;
        try (SampleReader samples = dataset.reader()) {
            skippedPreprocess = pipeline.run(samples, preprocess, batch -> {
                float[][] embeds = encoder.embedImages(batch.inputs()); // [B, D]
                if (embeds.length != batch.size()) {
                    throw new IllegalStateException("image encoder returned " + embeds.length + " embeddings for "
                            + batch.size() + " images (first key '" + batch.keys().get(0) + "')");
                }
                metrics.addBatch(batch.keys(), batch.labels(), classifier.logits(embeds));
            });
            skippedData = samples.skipped();
        }
        ZeroShotResult result = metrics.result(skippedData + skippedPreprocess);
        if (result.n() == 0) {
            throw new IllegalStateException("no samples evaluated in " + dataset.root() + " split " + dataset.split()
                    + " (" + result.skipped() + " skipped as bad)");
        }
        LOG.info("zero-shot {} / {}: n={} acc1={} acc5={} mean_per_class_recall={} skipped={}", dataset.root(),
                dataset.split(), result.n(), result.acc1(), result.acc5(), result.meanPerClassRecall(),
                result.skipped());
        return result;
    }
}

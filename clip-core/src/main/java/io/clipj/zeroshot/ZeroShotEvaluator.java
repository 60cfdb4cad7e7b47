package io.clipj.zeroshot;

import io.clipj.data.PrefetchPipeline;
import io.clipj.data.Sample;
import io.clipj.data.SampleReader;
import io.clipj.data.WdsDataset;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs CLIP_benchmark's zero-shot classification over a {@link WdsDataset}: samples are decoded and
 * preprocessed on a worker thread ({@link PrefetchPipeline}) while the calling thread embeds each batch,
 * scores it against the classifier and accumulates {@link ZeroShotMetrics}.
 *
 * <pre>{@code
 * WdsDataset ds = WdsDataset.open(root, "test", WdsOptions.defaults());
 * ZeroShotWeights clf = cache.getOrBuild(modelId, ds.classNames(), ds.templates(),
 *         () -> ZeroShotWeights.build(textEncoder, ds.classNames(), ds.templates(), 1024));
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
    public ZeroShotResult evaluate(WdsDataset dataset, ZeroShotWeights classifier,
            Function<Sample, float[]> preprocess, ImageEncoder encoder) {
        return evaluate(dataset, classifier, preprocess, encoder, 0, done -> { });
    }

    /**
     * As {@link #evaluate(WdsDataset, ZeroShotWeights, Function, ImageEncoder)}, stopping after the first
     * {@code limit} good samples when {@code limit > 0} (CLI {@code --limit}), and reporting the number of
     * samples evaluated so far to {@code progress} after each batch (on this thread).
     */
    public ZeroShotResult evaluate(WdsDataset dataset, ZeroShotWeights classifier,
            Function<Sample, float[]> preprocess, ImageEncoder encoder, long limit, LongConsumer progress) {
        if (classifier.numClasses() != dataset.classNames().size()) {
            throw new IllegalArgumentException("classifier has " + classifier.numClasses() + " classes, dataset "
                    + dataset.root() + " has " + dataset.classNames().size());
        }
        ZeroShotMetrics metrics = new ZeroShotMetrics(classifier.numClasses());
        int skippedPreprocess;
        int skippedData;
        long[] done = {0};
        try (SampleReader samples = dataset.reader()) {
            Iterator<Sample> source = limit > 0 ? limited(samples, limit) : samples;
            skippedPreprocess = pipeline.run(source, preprocess, batch -> {
                float[][] embeds = encoder.embedImages(batch.inputs()); // [B, D]
                if (embeds.length != batch.size()) {
                    throw new IllegalStateException("image encoder returned " + embeds.length + " embeddings for "
                            + batch.size() + " images (first key '" + batch.keys().get(0) + "')");
                }
                metrics.addBatch(batch.keys(), batch.labels(), classifier.logits(embeds));
                done[0] += batch.size();
                progress.accept(done[0]);
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

    /** The first {@code limit} samples of {@code samples}. */
    private static Iterator<Sample> limited(Iterator<Sample> samples, long limit) {
        return new Iterator<>() {
            private long taken;

            @Override
            public boolean hasNext() {
                return taken < limit && samples.hasNext();
            }

            @Override
            public Sample next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("limit of " + limit + " samples reached");
                }
                taken++;
                return samples.next();
            }
        };
    }
}

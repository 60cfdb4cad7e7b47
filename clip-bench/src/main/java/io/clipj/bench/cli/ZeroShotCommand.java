package io.clipj.bench.cli;

import io.clipj.Clip;
import io.clipj.ZeroShotEncoders;
import io.clipj.data.PrefetchPipeline;
import io.clipj.data.WdsDataset;
import io.clipj.data.WdsOptions;
import io.clipj.image.ClipImageProcessor;
import io.clipj.zeroshot.ClassifierCache;
import io.clipj.zeroshot.ZeroShotWeights;
import io.clipj.zeroshot.ZeroShotEvaluator;
import io.clipj.zeroshot.ZeroShotResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code zeroshot}: CLIP_benchmark's zero-shot classification over a {@code wds_imagenetv2}-layout WebDataset
 * ({@code docs/zeroshot.md}). The classifier is built from the dataset's class names and templates (or loaded
 * from the on-disk cache), images are decoded and preprocessed on a worker thread while the model runs, and
 * {@code R.json} is CLIP_benchmark's result layout plus per-sample predictions ({@link ZeroShotReport}). Progress
 * bars go to stderr, the metrics to stdout.
 */
@Command(name = "zeroshot", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Zero-shot classification of a WebDataset (CLIP_benchmark protocol); writes R.json.")
public final class ZeroShotCommand implements Callable<Integer> {

    /** Prompts per text-encoder call while building the classifier (the model buckets them by length). */
    private static final int PROMPT_BATCH = 1000;

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Mixin
    DatasetOption data;

    @Option(names = "--batch-size", defaultValue = "64", paramLabel = "N",
            description = "Images per model call (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--text-batch-size", defaultValue = "256", paramLabel = "N",
            description = "Prompts per text-tower call while building the classifier (default: ${DEFAULT-VALUE}).")
    int textBatchSize;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N",
            description = "Evaluate only the first N samples (default: all).")
    long limit;

    @Option(names = "--skip-bad", description = "Skip (and count) corrupt samples instead of stopping.")
    boolean skipBad;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Classifier cache directory (default: $XDG_CACHE_HOME/clipj/zeroshot or ~/.cache/clipj/zeroshot).")
    Path cacheDir;

    @Option(names = "--no-cache", description = "Always build the classifier; neither read nor write the cache.")
    boolean noCache;

    @Option(names = "--out", required = true, paramLabel = "R.json", description = "Result file.")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size " + batchSize + ": must be positive");
        }
        if (textBatchSize < 1) {
            throw new IllegalArgumentException("--text-batch-size " + textBatchSize + ": must be positive");
        }
        if (limit < 0) {
            throw new IllegalArgumentException("--limit " + limit + ": must not be negative");
        }
        PrintWriter err = spec.commandLine().getErr();
        OutputFiles.checkWritableFile("--out", out);
        Path dataset = data.directory(err);
        WdsDataset ds = data.open(err, WdsOptions.defaults().withSkipBad(skipBad));
        Path modelDir = model.directory();
        OutputFiles.checkNotInput("--out", out, List.of(dataset, modelDir));
        long start = System.nanoTime();
        // the image batches are the pipeline's (--batch-size); Clip's own batch size only splits prompt lists
        try (Clip clip = model.load(textBatchSize)) {
            ClipImageProcessor processor = ClipImageProcessor.load(modelDir);
            ZeroShotWeights classifier = classifier(clip, ds, modelDir, err);
            long estimate = Progress.estimateSamples(ds.shards());
            long total = limit > 0 ? (estimate < 0 ? limit : Math.min(limit, estimate)) : estimate;
            long evalStart = System.nanoTime();
            ZeroShotResult result;
            try (ProgressBar bar = Progress.bar(err, "images", total, "img")) {
                result = new ZeroShotEvaluator(new PrefetchPipeline(batchSize, 4, skipBad)).evaluate(ds, classifier,
                        sample -> {
                            try {
                                return processor.preprocess(sample.image());
                            } catch (IOException e) {
                                throw new UncheckedIOException(sample.shard() + ": sample " + sample.key() + ": "
                                        + ErrorHandler.describe(e), e);
                            }
                        }, ZeroShotEncoders.image(clip), limit, bar::stepTo);
                bar.maxHint(result.n());
                bar.stepTo(result.n());
            }
            double evalSeconds = (System.nanoTime() - evalStart) / 1e9;
            // through AtomicFiles like every CLI output: normal permissions, fsync'ed before the atomic rename
            ZeroShotReport.write(result, ds.classNames(),
                    new ZeroShotReport.Run(data.name(), data.split, model.name(), modelDir.toString()), out);
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.printf(Locale.ROOT, "acc1=%.4f acc5=%s mean_per_class_recall=%.4f n=%d skipped=%d%n", result.acc1(),
                    Double.isNaN(result.acc5()) ? "n/a" : String.format(Locale.ROOT, "%.4f", result.acc5()),
                    result.meanPerClassRecall(), result.n(), result.skipped());
            stdout.flush();
            err.printf(Locale.ROOT, "evaluated %d image(s) in %.1f s (%.1f ms/image); total %.1f s; wrote %s%n",
                    result.n(), evalSeconds, 1000 * evalSeconds / Math.max(1, result.n()),
                    (System.nanoTime() - start) / 1e9, out);
        }
        err.flush();
        return 0;
    }

    private ZeroShotWeights classifier(Clip clip, WdsDataset ds, Path modelDir, PrintWriter err)
            throws IOException {
        List<String> classes = ds.classNames();
        List<String> templates = ds.templates();
        Supplier<ZeroShotWeights> build = () -> {
            int prompts = classes.size() * templates.size();
            try (ProgressBar bar = Progress.bar(err, "classifier", prompts, "prompts")) {
                return ZeroShotWeights.build(ZeroShotEncoders.text(clip), classes, templates, PROMPT_BATCH,
                        (done, all) -> bar.stepTo(done));
            }
        };
        try {
            if (noCache) {
                return build.get();
            }
            ClassifierCache cache = cacheDir != null ? new ClassifierCache(cacheDir) : ClassifierCache.atDefaultLocation();
            err.printf("classifier cache: %s%n", cache.directory());
            return cache.getOrBuild(modelIdentity(modelDir), classes, templates, clip.embeddingDim(), build);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * What the cached classifier depends on: the model directory's real path plus name, size and modification
     * time of its config and weight files, so replacing the weights invalidates the cache.
     */
    static String modelIdentity(Path modelDir) throws IOException {
        Path real = modelDir.toRealPath();
        List<String> parts = new ArrayList<>();
        parts.add(real.toString());
        try (DirectoryStream<Path> files = Files.newDirectoryStream(real)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.endsWith(".safetensors") || name.endsWith(".bin") || name.equals("config.json")
                        || name.endsWith(".index.json")) {
                    BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                    parts.add(name + ":" + a.size() + ":" + a.lastModifiedTime().toMillis());
                }
            }
        }
        parts.subList(1, parts.size()).sort(null);
        return String.join("|", parts);
    }
}

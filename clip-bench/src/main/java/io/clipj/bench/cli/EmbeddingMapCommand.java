package io.clipj.bench.cli;

import io.clipj.Clip;
import io.clipj.Embeddings;
import io.clipj.bench.plot.ScatterPlot;
import io.clipj.bench.projection.Pca;
import io.clipj.bench.projection.Tsne;
import io.clipj.data.Sample;
import io.clipj.data.WdsDataset;
import io.clipj.data.WdsOptions;
import io.clipj.image.ClipImageProcessor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code embedding-map}: the seed's announced next step, Embedding Space Visualization. Image embeddings of
 * a random sample of a WebDataset and the text embeddings of "a photo of a {c}." for the classes present,
 * all L2-normalised, are projected together to 2-D (t-SNE or PCA) and drawn as one scatter plot: images as
 * points coloured by class, class texts as labelled diamonds.
 */
@Command(name = "embedding-map", mixinStandardHelpOptions = true, sortOptions = false,
        description = "2-D map (t-SNE or PCA) of image and class-text embeddings in one space; writes a PNG.")
public final class EmbeddingMapCommand implements Callable<Integer> {

    /** Projection method. */
    enum Method { TSNE, PCA }

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Mixin
    DatasetOption data;

    @Option(names = "--limit", defaultValue = "200", paramLabel = "N",
            description = "Images drawn at random from the dataset (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--method", defaultValue = "tsne", paramLabel = "tsne|pca",
            description = "Projection: tsne (exact t-SNE, perplexity min(30, (N-1)/3)) or pca (default: ${DEFAULT-VALUE}).")
    Method method;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Sampling and projection seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "map.png", description = "Output PNG.")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (limit < 1) {
            throw new IllegalArgumentException("--limit " + limit + ": must be positive");
        }
        Path dataset = data.directory(spec.commandLine().getErr());
        Path modelDir = model.directory();
        OutputFiles.checkWritableFile("--out", out);
        OutputFiles.checkNotInput("--out", out, List.of(dataset, modelDir));
        PrintWriter err = spec.commandLine().getErr();
        WdsDataset ds = data.open(spec.commandLine().getErr(), WdsOptions.DEFAULTS);
        List<Sample> samples = Inputs.randomSamples(ds, limit, seed);
        err.printf("drew %d sample(s) from %s/%s with seed %d%n", samples.size(), dataset, data.split, seed);

        Map<Integer, Integer> classSlot = new LinkedHashMap<>(); // dataset label -> legend index, by first appearance
        for (Sample s : samples) {
            classSlot.putIfAbsent(s.label(), classSlot.size());
        }
        List<String> classNames = new ArrayList<>();
        List<String> prompts = new ArrayList<>();
        for (int label : classSlot.keySet()) {
            String name = ds.classNames().get(label);
            classNames.add(name);
            prompts.add(String.format(Locale.ROOT, SimilarityCommand.PROMPT, name));
        }
        float[][] points;
        try (Clip clip = model.load(32)) {
            ClipImageProcessor processor = ClipImageProcessor.load(modelDir);
            float[][] pixels = new float[samples.size()][];
            for (int i = 0; i < pixels.length; i++) {
                Sample s = samples.get(i);
                try {
                    pixels[i] = processor.preprocess(s.image());
                } catch (IOException e) {
                    throw new IOException("--dataset " + dataset + ": sample " + s.key() + " in " + s.shard() + ": "
                            + ErrorHandler.describe(e), e);
                }
            }
            float[][] images = Embeddings.normalize(clip.embedPixels(pixels)); // [N, D]
            float[][] texts = Embeddings.normalize(clip.embedTexts(prompts)); // [C, D]
            points = new float[images.length + texts.length][];
            System.arraycopy(images, 0, points, 0, images.length);
            System.arraycopy(texts, 0, points, images.length, texts.length);
        }
        long t0 = System.nanoTime();
        double[][] xy = method == Method.PCA ? Pca.project(points, 2, seed) : Tsne.project(points, seed);
        err.printf(Locale.ROOT, "%s of %d points in %.2f s%n", label(), points.length, (System.nanoTime() - t0) / 1e9);

        List<ScatterPlot.Point> imagePoints = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            imagePoints.add(new ScatterPlot.Point(xy[i][0], xy[i][1], classSlot.get(samples.get(i).label())));
        }
        List<ScatterPlot.Point> textPoints = new ArrayList<>();
        for (int c = 0; c < classNames.size(); c++) {
            double[] p = xy[samples.size() + c];
            textPoints.add(new ScatterPlot.Point(p[0], p[1], c));
        }
        String title = String.format(Locale.ROOT, "%s of CLIP embeddings \u2014 %s \u2014 %d images, %d class texts",
                label(), model.displayName(), samples.size(), classNames.size());
        OutputFiles.writePng(out, ScatterPlot.render(title, label(), imagePoints, textPoints, classNames));
        spec.commandLine().getOut().printf("%s: %s map of %d images and %d class texts%n", out, label(),
                samples.size(), classNames.size());
        spec.commandLine().getOut().flush();
        err.flush();
        return 0;
    }

    private String label() {
        return method == Method.PCA ? "PCA" : "t-SNE";
    }

}

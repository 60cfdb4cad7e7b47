package io.clipj.bench.cli;

import io.clipj.Clip;
import io.clipj.SimilarityResult;
import io.clipj.bench.plot.HeatmapPlot;
import io.clipj.bench.plot.Ticks;
import io.clipj.data.Sample;
import io.clipj.data.WdsDataset;
import io.clipj.data.WdsOptions;
import io.clipj.image.ClipImageProcessor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code similarity}: clipj's main job. Cosine similarity of images against texts, as a table on stdout
 * and optionally a heatmap PNG. With {@code --dataset}, {@code --samples} images are drawn at random (seeded)
 * from a WebDataset and each is paired with "a photo of a {class}." for its own class, so the diagonal holds
 * the matching pairs.
 */
@Command(name = "similarity", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Cosine-similarity matrix of images against texts (the main job); table on stdout,"
                + " optional heatmap PNG.")
public final class SimilarityCommand implements Callable<Integer> {

    static final String PROMPT = "a photo of a %s.";

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    static final class Explicit {
        @Option(names = "--images", arity = "1..*", required = true, paramLabel = "IMAGE", description = "Image files.")
        List<Path> images;

        @Option(names = "--texts", arity = "1..*", required = true, paramLabel = "T", description = "Texts.")
        List<String> texts;
    }

    static final class FromDataset {
        @Option(names = "--dataset", required = true, paramLabel = "DIR|ORG/NAME",
                description = "A wds_imagenetv2-layout WebDataset: a folder or a Hub dataset id (as in zeroshot).")
        String dataset;

        @Option(names = "--samples", defaultValue = "10", paramLabel = "N",
                description = "Images drawn at random (default: ${DEFAULT-VALUE}).")
        int samples;

        @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--split", defaultValue = "test", paramLabel = "SPLIT", description = "Split (default: ${DEFAULT-VALUE}).")
        String split;
    }

    static final class Source {
        @ArgGroup(exclusive = false, multiplicity = "1")
        Explicit explicit;

        @ArgGroup(exclusive = false, multiplicity = "1")
        FromDataset dataset;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--heatmap", paramLabel = "out.png",
            description = "Also draw the matrix as a heatmap: PNG, or JPEG when the name ends in .jpg/.jpeg.")
    Path heatmap;

    @Option(names = "--out", paramLabel = "S.json",
            description = "Also write the rows, texts, cosine, logits and softmax probabilities as JSON.")
    Path json;

    @Override
    public Integer call() throws IOException {
        List<Path> inputs = new ArrayList<>();
        List<String> rowLabels = new ArrayList<>();
        List<String> texts;
        Path datasetDir = null;
        if (source.explicit != null) {
            for (Path image : source.explicit.images) {
                inputs.add(Inputs.requireFile("--images", image));
                rowLabels.add(image.getFileName().toString());
            }
            texts = source.explicit.texts;
        } else {
            if (source.dataset.samples < 1) {
                throw new IllegalArgumentException("--samples " + source.dataset.samples + ": must be positive");
            }
            datasetDir = DatasetOption.resolve(source.dataset.dataset, source.dataset.split, null,
                    spec.commandLine().getErr());
            inputs.add(datasetDir);
            texts = new ArrayList<>();
        }
        Path modelDir = model.directory();
        inputs.add(modelDir);
        if (heatmap != null) {
            OutputFiles.checkWritableFile("--heatmap", heatmap);
            OutputFiles.checkNotInput("--heatmap", heatmap, inputs);
            OutputFiles.imageFormat("--heatmap", heatmap);
        }
        if (json != null) {
            OutputFiles.checkParentExists("--out", json);
            OutputFiles.checkNotInput("--out", json, inputs);
        }
        PrintWriter err = spec.commandLine().getErr();
        try (Clip clip = model.load(32)) {
            float[][] imageEmbeds;
            if (source.explicit != null) {
                imageEmbeds = clip.embedImageFiles(source.explicit.images);
            } else {
                FromDataset d = source.dataset;
                WdsDataset ds = Inputs.openDataset(datasetDir, d.split, WdsOptions.defaults());
                List<Sample> samples = Inputs.randomSamples(ds, d.samples, d.seed);
                if (samples.size() < d.samples) {
                    err.printf("warning: --samples %d: split '%s' of %s has only %d sample(s); using all of them%n",
                            d.samples, d.split, d.dataset, samples.size());
                }
                err.printf("drew %d sample(s) from %s/%s with seed %d%n", samples.size(), d.dataset, d.split, d.seed);
                ClipImageProcessor processor = ClipImageProcessor.load(modelDir);
                float[][] pixels = new float[samples.size()][];
                for (int i = 0; i < pixels.length; i++) {
                    Sample s = samples.get(i);
                    try {
                        pixels[i] = processor.preprocess(s.image());
                    } catch (IOException e) {
                        throw new IOException("--dataset " + d.dataset + ": sample " + s.key() + " in " + s.shard()
                                + ": " + ErrorHandler.describe(e), e);
                    }
                    String name = ds.classNames().get(s.label());
                    rowLabels.add(s.key() + " (" + name + ")");
                    texts.add(String.format(Locale.ROOT, PROMPT, name));
                }
                imageEmbeds = clip.embedPixels(pixels);
            }
            SimilarityResult sim = clip.similarity(imageEmbeds, clip.embedTexts(texts));
            printTable(spec.commandLine().getOut(), "cosine similarity (rows: images, columns: texts)", rowLabels,
                    texts, sim.cosine());
            printTable(spec.commandLine().getOut(), String.format(Locale.ROOT, "probabilities (softmax over the texts"
                    + " of %.2f x cosine)", clip.logitScale()), rowLabels, texts, sim.probabilities());
            if (json != null) {
                SimilarityJson.write(json, model.name(), clip.logitScale(), rowLabels, texts, sim);
                err.printf("similarities written to %s%n", json);
            }
            if (heatmap != null) {
                String title = "Cosine similarity of images and texts \u2014 " + model.displayName();
                java.awt.image.BufferedImage picture = HeatmapPlot.render(title,
                        source.explicit != null ? "image" : "image (sample key, class)", "text", "cosine similarity",
                        rowLabels, texts, sim.cosine());
                OutputFiles.writeImage("--heatmap", heatmap, picture);
                err.printf("heatmap written to %s%n", heatmap);
            }
        }
        err.flush();
        return 0;
    }


    /** Images down, texts across (as t1..tN, listed first so long texts do not break the table). */
    static void printTable(PrintWriter out, String title, List<String> rows, List<String> texts, float[][] cosine) {
        out.println(title);
        for (int t = 0; t < texts.size(); t++) {
            out.printf("  t%-3d %s%n", t + 1, texts.get(t));
        }
        int labelWidth = 5;
        for (String r : rows) {
            labelWidth = Math.max(labelWidth, r.length());
        }
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-" + labelWidth + "s", "image"));
        for (int t = 0; t < texts.size(); t++) {
            header.append(String.format(Locale.ROOT, " %7s", "t" + (t + 1)));
        }
        out.println(header);
        for (int i = 0; i < rows.size(); i++) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-" + labelWidth + "s", rows.get(i)));
            for (int t = 0; t < texts.size(); t++) {
                line.append(String.format(Locale.ROOT, " %7s", Ticks.format(cosine[i][t], 4)));
            }
            out.println(line);
        }
        out.flush();
    }
}

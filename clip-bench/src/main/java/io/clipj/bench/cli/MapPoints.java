package io.clipj.bench.cli;

import io.clipj.Clip;
import io.clipj.Embeddings;
import io.clipj.bench.plot.ScatterPlot;
import io.clipj.data.Sample;
import io.clipj.data.WdsDataset;
import io.clipj.data.WdsOptions;
import io.clipj.image.ClipImageProcessor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The points of an embedding map: image and text embeddings {@code [N, D]} and {@code [T, D]} (as the model gives
 * them), a label and a colour category per point, and the legend that explains the colours. Built from a
 * WebDataset sample ({@link #dataset}) or from the user's own files and texts ({@link #ownData}) in two steps,
 * so that every input is checked before the model is loaded.
 *
 * <p>Immutable once built; not shared between threads.
 */
record MapPoints(float[][] images, int[] imageCategories, List<String> imageLabels, float[][] texts,
        int[] textCategories, List<String> textLabels, String textNoun, ScatterPlot.Legend legend) {

    /**
     * Checked inputs, ready to be embedded.
     *
     * @param inputs       input paths an output must not overwrite
     * @param pointsAtMost the number of points the map will have at most (images + texts)
     * @param embedder     loads the model and embeds the inputs
     */
    record Source(List<Path> inputs, int pointsAtMost, Embedder embedder) {
        MapPoints embed(ModelOption model, Path modelDir, int batch, boolean skipBad, PrintWriter err)
                throws IOException {
            return embedder.embed(model, modelDir, batch, skipBad, err);
        }
    }

    /** How a {@link Source} turns into points once the model is at hand. */
    @FunctionalInterface
    interface Embedder {
        MapPoints embed(ModelOption model, Path modelDir, int batch, boolean skipBad, PrintWriter err)
                throws IOException;
    }

    /** {@code limit} images drawn at random from a WebDataset's split, and one prompt per class present. */
    static Source dataset(String arg, String split, String revision, int limit, long seed, PrintWriter err)
            throws IOException {
        Path dir = DatasetOption.resolve(arg, split, revision, err);
        WdsDataset ds = Inputs.openDataset(dir, split, WdsOptions.defaults());
        List<Sample> samples = Inputs.randomSamples(ds, limit, seed);
        err.printf("drew %d sample(s) from %s/%s with seed %d%n", samples.size(), arg, split, seed);
        Map<Integer, Integer> slot = new LinkedHashMap<>(); // dataset label -> legend index, by first appearance
        for (Sample s : samples) {
            slot.putIfAbsent(s.label(), slot.size());
        }
        List<String> classNames = new ArrayList<>();
        for (int label : slot.keySet()) {
            classNames.add(ds.classNames().get(label));
        }
        return new Source(List.of(dir), samples.size() + classNames.size(), (model, modelDir, batch, skipBad, log) -> {
            List<String> prompts = classNames.stream()
                    .map(c -> String.format(Locale.ROOT, SimilarityCommand.PROMPT, c)).toList();
            int[] categories = new int[samples.size()];
            try (Clip clip = model.load(batch)) {
                ClipImageProcessor processor = ClipImageProcessor.load(modelDir);
                List<float[]> embeds = new ArrayList<>();
                for (int start = 0; start < samples.size(); start += batch) {
                    List<Sample> chunk = samples.subList(start, Math.min(samples.size(), start + batch));
                    float[][] pixels = new float[chunk.size()][]; // [b, 3 * H * W]
                    for (int i = 0; i < pixels.length; i++) {
                        Sample s = chunk.get(i);
                        try {
                            pixels[i] = processor.preprocess(s.image());
                        } catch (IOException e) {
                            throw new IOException("--dataset " + arg + ": sample " + s.key() + " in " + s.shard()
                                    + ": " + ErrorHandler.describe(e), e);
                        }
                        categories[start + i] = slot.get(s.label());
                    }
                    embeds.addAll(List.of(clip.embedPixels(pixels)));
                }
                return new MapPoints(embeds.toArray(float[][]::new), categories,
                        Collections.nCopies(samples.size(), null), clip.embedTexts(prompts), eachOwn(classNames.size()),
                        classNames, "class texts", new ScatterPlot.Legend("Class", classNames, "image",
                                "class text (\"a photo of a {c}.\")"));
            }
        });
    }

    /**
     * The user's image files and folders (at most {@code limit} images, drawn at random with {@code seed} when
     * there are more) and texts, inline or from a JSON file; either side may be missing.
     */
    static Source ownData(List<Path> imageArgs, List<String> inline, Path textsFile, int limit, long seed,
            PrintWriter err) throws IOException {
        List<Path> inputs = new ArrayList<>();
        List<Path> files = List.of();
        if (imageArgs != null) {
            files = ImageFiles.expand("--images", imageArgs);
            inputs.addAll(imageArgs);
            if (files.size() > limit) {
                err.printf("--images: %d image files, more than --limit %d; drew %d at random with seed %d%n",
                        files.size(), limit, limit, seed);
                files = draw(files, limit, seed);
            }
        }
        List<String> texts = List.of();
        if (textsFile != null) {
            texts = CliInputs.readTexts("--texts-file", textsFile);
            inputs.add(textsFile);
        } else if (inline != null) {
            texts = inline;
        }
        List<Path> imageFiles = files;
        List<String> textList = texts;
        return new Source(inputs, imageFiles.size() + textList.size(), (model, modelDir, batch, skipBad, log) -> {
            try (Clip clip = model.load(batch)) {
                List<Path> rows = List.of();
                float[][] imageEmbeds = new float[0][];
                if (!imageFiles.isEmpty()) {
                    ImageFiles.Embedded e = ImageFiles.embed(clip, ClipImageProcessor.load(modelDir), imageFiles,
                            batch, skipBad, log);
                    if (e.embeds().length == 0) {
                        throw new IllegalArgumentException("--images: none of the " + imageFiles.size()
                                + " image(s) could be decoded");
                    }
                    imageEmbeds = e.embeds();
                    rows = e.rows();
                }
                float[][] textEmbeds = textList.isEmpty() ? new float[0][] : clip.embedTexts(textList);
                return own(imageEmbeds, rows, textEmbeds, textList);
            }
        });
    }

    /** Own data's points: each text its own colour, each image the colour of the text it matches best. */
    static MapPoints own(float[][] imageEmbeds, List<Path> rows, float[][] textEmbeds, List<String> texts) {
        float[][] imageUnit = Embeddings.normalize(imageEmbeds);
        float[][] textUnit = Embeddings.normalize(textEmbeds);
        int[] imageCategories = new int[imageEmbeds.length];
        for (int i = 0; i < imageUnit.length; i++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int t = 0; t < textUnit.length; t++) {
                double cos = Embeddings.dot(imageUnit[i], textUnit[t]);
                if (cos > best) {
                    best = cos;
                    imageCategories[i] = t;
                }
            }
        }
        List<String> imageLabels = rows.stream().map(p -> String.valueOf(p.getFileName())).toList();
        ScatterPlot.Legend legend = texts.isEmpty()
                ? new ScatterPlot.Legend("", List.of(), "image", null)
                : new ScatterPlot.Legend("Image colour: closest text", texts, imageEmbeds.length > 0 ? "image" : null,
                        "text");
        return new MapPoints(imageEmbeds, imageCategories, imageLabels, textEmbeds, eachOwn(texts.size()), texts,
                "texts", legend);
    }

    /** Categories {@code 0..n-1}: each text its own colour. */
    private static int[] eachOwn(int n) {
        return IntStream.range(0, n).toArray();
    }

    /** {@code k} of {@code files} drawn at random with {@code seed}, kept in their original order. */
    static List<Path> draw(List<Path> files, int k, long seed) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        List<Integer> chosen = new ArrayList<>(order.subList(0, k));
        Collections.sort(chosen);
        return chosen.stream().map(files::get).toList();
    }
}

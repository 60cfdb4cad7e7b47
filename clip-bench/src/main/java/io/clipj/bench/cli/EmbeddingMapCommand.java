package io.clipj.bench.cli;

import io.clipj.Embeddings;
import io.clipj.bench.plot.ScatterPlot;
import io.clipj.bench.projection.ModalityGap;
import io.clipj.bench.projection.ProjectionMethod;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code embedding-map}: image and text embeddings, L2-normalised, projected together to 2-D and drawn as one
 * scatter plot ({@link ScatterPlot}). The points come either from a WebDataset (a random sample of images,
 * coloured by class, and "a photo of a {c}." for the classes present) or from the user's own image files or
 * folders and texts (images coloured by the text they match best). The projection is PCA for small maps and
 * t-SNE for larger ones unless chosen ({@link ProjectionMethod}); {@code --centre-modalities} removes CLIP's
 * modality gap first ({@link ModalityGap}).
 */
@Command(name = "embedding-map", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"2-D map (PCA or t-SNE) of image and text embeddings in one space; writes a PNG or JPEG.",
            "Points from a WebDataset (--dataset) or from your own --images and/or --texts."})
public final class EmbeddingMapCommand implements Callable<Integer> {

    /** Projection choice; {@code auto} follows {@link ProjectionMethod#forPoints}. */
    enum Method { AUTO, PCA, TSNE }

    private static final int BATCH = 32;

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--dataset", paramLabel = "DIR|ORG/NAME",
            description = "A wds_imagenetv2-layout WebDataset: a folder or a Hub dataset id (as in zeroshot).")
    String dataset;

    @Option(names = "--split", defaultValue = "test", paramLabel = "SPLIT",
            description = "Split of --dataset (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--revision", paramLabel = "R", description = "Branch, tag or commit of a Hub --dataset.")
    String revision;

    @Option(names = "--images", arity = "1..*", paramLabel = "PATH",
            description = "Your own image files or folders (their image files, recursively).")
    List<Path> images;

    @Option(names = "--texts", arity = "1..*", paramLabel = "T", description = "Your own texts, given inline.")
    List<String> texts;

    @Option(names = "--texts-file", paramLabel = "F.json", description = "Your own texts as a JSON array of strings.")
    Path textsFile;

    @Option(names = "--skip-bad", description = "With --images: skip images that cannot be decoded (named on stderr).")
    boolean skipBad;

    @Option(names = "--limit", defaultValue = "200", paramLabel = "N",
            description = "At most N images, drawn at random with --seed from the dataset or from more --images"
                    + " (default: ${DEFAULT-VALUE}; at most " + ProjectionMethod.MAX_POINTS + ").")
    int limit;

    @Option(names = "--method", defaultValue = "auto", paramLabel = "auto|pca|tsne",
            description = "Projection: pca, tsne (exact t-SNE, perplexity min(30, (N-1)/3)) or auto: PCA below "
                    + ProjectionMethod.TSNE_FROM + " points, t-SNE from there (default: ${DEFAULT-VALUE}).")
    Method method;

    @Option(names = {"--centre-modalities", "--center-modalities"},
            description = "Remove CLIP's modality gap: subtract each modality's mean embedding and re-normalise,"
                    + " so the structure within images and within texts shows.")
    boolean centre;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S",
            description = "Sampling and projection seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "map.png",
            description = "Output picture: PNG, or JPEG when the name ends in .jpg/.jpeg.")
    Path out;

    @Override
    public Integer call() throws IOException {
        checkSources();
        if (limit < 1 || limit > ProjectionMethod.MAX_POINTS) {
            throw new IllegalArgumentException("--limit " + limit + ": must be between 1 and "
                    + ProjectionMethod.MAX_POINTS);
        }
        PrintWriter err = spec.commandLine().getErr();
        OutputFiles.imageFormat("--out", out);
        OutputFiles.checkWritableFile("--out", out);
        MapPoints.Source source = dataset != null
                ? MapPoints.dataset(dataset, split, revision, limit, seed, err)
                : MapPoints.ownData(images, texts, textsFile, limit, seed, err);
        Path modelDir = model.directory();
        List<Path> inputs = new ArrayList<>(source.inputs());
        inputs.add(modelDir);
        OutputFiles.checkNotInput("--out", out, inputs);
        int expected = source.pointsAtMost();
        if (expected < 2) {
            throw new IllegalArgumentException("a map needs at least 2 points (images + texts), got " + expected);
        }
        ProjectionMethod projection = projection(expected);

        MapPoints points = source.embed(model, modelDir, BATCH, skipBad, err);
        float[][] imageRows = Embeddings.normalize(points.images()); // [N, D]
        float[][] textRows = Embeddings.normalize(points.texts()); // [T, D]
        if (imageRows.length + textRows.length < 2) {
            throw new IllegalArgumentException("a map needs at least 2 points (images + texts), got "
                    + (imageRows.length + textRows.length));
        }
        if (centre) {
            imageRows = ModalityGap.centre(imageRows);
            textRows = ModalityGap.centre(textRows);
        } else if (imageRows.length > 0 && textRows.length > 0) {
            err.println("note: CLIP's images and texts lie apart (the modality gap); --centre-modalities shows the"
                    + " structure within each");
        }
        float[][] rows = new float[imageRows.length + textRows.length][]; // [N + T, D]
        System.arraycopy(imageRows, 0, rows, 0, imageRows.length);
        System.arraycopy(textRows, 0, rows, imageRows.length, textRows.length);
        long t0 = System.nanoTime();
        double[][] xy = projection.project(rows, seed); // [N + T, 2]
        err.printf(Locale.ROOT, "%s of %d points in %.2f s%n", projection.label(), rows.length,
                (System.nanoTime() - t0) / 1e9);

        List<ScatterPlot.Point> imagePoints = new ArrayList<>();
        for (int i = 0; i < imageRows.length; i++) {
            imagePoints.add(new ScatterPlot.Point(xy[i][0], xy[i][1], points.imageCategories()[i],
                    points.imageLabels().get(i)));
        }
        List<ScatterPlot.Point> textPoints = new ArrayList<>();
        for (int t = 0; t < textRows.length; t++) {
            double[] p = xy[imageRows.length + t];
            textPoints.add(new ScatterPlot.Point(p[0], p[1], points.textCategories()[t], points.textLabels().get(t)));
        }
        String counts = String.format(Locale.ROOT, "%d images, %d %s", imageRows.length, textRows.length,
                points.textNoun());
        String title = projection.label() + " of CLIP embeddings \u2014 " + model.displayName() + " \u2014 " + counts
                + (centre ? ", modalities centred" : "");
        OutputFiles.writeImage("--out", out, ScatterPlot.render(title, projection.label(), imagePoints, textPoints,
                points.legend()));
        spec.commandLine().getOut().printf("%s: %s map of %d images and %d %s%s%n", out, projection.label(),
                imageRows.length, textRows.length, points.textNoun(), centre ? " (modalities centred)" : "");
        spec.commandLine().getOut().flush();
        err.flush();
        return 0;
    }

    /** Exactly one source of points: {@code --dataset}, or own {@code --images} and/or texts. */
    private void checkSources() {
        boolean own = images != null || texts != null || textsFile != null;
        if (dataset == null && !own) {
            throw new ParameterException(spec.commandLine(), "nothing to map: give --dataset, or --images and/or"
                    + " --texts (or --texts-file)");
        }
        if (dataset != null && own) {
            throw new ParameterException(spec.commandLine(), "--dataset and --images/--texts: give one source of"
                    + " points, not both");
        }
        if (texts != null && textsFile != null) {
            throw new ParameterException(spec.commandLine(), "--texts and --texts-file: give the texts one way,"
                    + " not both");
        }
        if (skipBad && images == null) {
            throw new ParameterException(spec.commandLine(), "--skip-bad applies to --images only");
        }
    }

    /** The projection for {@code points} points, refusing t-SNE beyond what it can hold. */
    private ProjectionMethod projection(int points) {
        ProjectionMethod chosen = switch (method) {
            case AUTO -> ProjectionMethod.forPoints(points);
            case PCA -> ProjectionMethod.PCA;
            case TSNE -> ProjectionMethod.TSNE;
        };
        if (points > ProjectionMethod.MAX_POINTS) {
            throw new IllegalArgumentException("a map holds at most " + ProjectionMethod.MAX_POINTS
                    + " points; this one would have " + points + " (fewer --texts or a smaller --limit)");
        }
        return chosen;
    }
}

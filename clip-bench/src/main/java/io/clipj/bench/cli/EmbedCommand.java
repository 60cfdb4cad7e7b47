package io.clipj.bench.cli;

import io.clipj.Clip;
import io.clipj.SimilarityResult;
import io.clipj.image.ClipImageProcessor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code embed --model M (--images IMAGE... | --pixel-values P.npy) [--texts-file F.json] --out DIR}: projected,
 * not normalised, image and text features ({@code get_image_features}/{@code get_text_features}) written as
 * {@code DIR/image_embeds.npy} {@code [N, D]} and {@code DIR/text_embeds.npy} {@code [T, D]}; with both,
 * {@code DIR/logits_per_image.npy} {@code [N, T]} = {@code exp(logit_scale)} × cosine. Everything is computed
 * before anything is written, and each file is written atomically; those of the three files that this run does
 * not produce are removed, so a reused {@code DIR} never pairs new embeddings with stale ones.
 */
@Command(name = "embed", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Image and/or text embeddings (projected, not normalised), written as NumPy arrays in --out.")
public final class EmbedCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    static final class ImageInput {
        @Option(names = "--images", arity = "1..*", paramLabel = "IMAGE",
                description = "Image files (PNG, JPEG, WebP, BMP, GIF, TIFF, PNM, TGA, ICO) or folders (their image"
                        + " files, recursively, by name), preprocessed like CLIPImageProcessor.")
        List<Path> images;

        @Option(names = "--pixel-values", paramLabel = "P.npy",
                description = "Already preprocessed pixels, float32 [N, 3, H, W] (e.g. from 'preprocess').")
        Path pixelValues;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    ImageInput imageInput;

    @Option(names = "--texts-file", paramLabel = "F.json", description = "A JSON array of texts to embed.")
    Path textsFile;

    @Option(names = "--texts", arity = "1..*", paramLabel = "T", description = "Texts to embed, given inline.")
    List<String> inlineTexts;

    @Option(names = "--skip-bad", description = "Skip images that cannot be decoded (listed on stderr and in"
            + " manifest.json) instead of stopping.")
    boolean skipBad;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (created if needed).")
    Path out;

    @Option(names = "--batch-size", defaultValue = "32", paramLabel = "N",
            description = "Images or texts per model call (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Override
    public Integer call() throws IOException {
        if (imageInput == null && textsFile == null && inlineTexts == null) {
            throw new IllegalArgumentException("nothing to embed: give --images, --pixel-values and/or --texts"
                    + " (or --texts-file)");
        }
        if (textsFile != null && inlineTexts != null) {
            throw new IllegalArgumentException("--texts and --texts-file: give the texts one way, not both");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size " + batchSize + ": must be positive");
        }
        List<Path> inputs = new ArrayList<>();
        List<Path> images = null;
        if (imageInput != null && imageInput.images != null) {
            images = ImageFiles.expand("--images", imageInput.images);
            inputs.addAll(imageInput.images);
        }
        if (imageInput != null && imageInput.pixelValues != null) {
            inputs.add(Inputs.requireFile("--pixel-values", imageInput.pixelValues));
        }
        List<String> texts = inlineTexts != null ? inlineTexts
                : textsFile == null ? null : CliInputs.readTexts("--texts-file", textsFile);
        if (textsFile != null) {
            inputs.add(textsFile);
        }
        Path modelDir = model.directory();
        inputs.add(modelDir);
        Path imageFile = OutputFiles.inside(out, "image_embeds.npy");
        Path textFile = OutputFiles.inside(out, "text_embeds.npy");
        Path logitsFile = OutputFiles.inside(out, "logits_per_image.npy");
        Path manifestFile = OutputFiles.inside(out, "manifest.json");
        for (Path target : List.of(imageFile, textFile, logitsFile, manifestFile)) {
            OutputFiles.checkNotInput("--out", target, inputs);
        }
        OutputFiles.checkWritableDirectory("--out", out);

        PrintWriter err = spec.commandLine().getErr();
        try (Clip clip = model.load(batchSize)) {
            int dim = clip.embeddingDim();
            float[][] imageEmbeds = null;
            List<Path> rows = List.of();
            List<ImageFiles.Skipped> skipped = List.of();
            if (images != null) {
                ImageFiles.Embedded e = ImageFiles.embed(clip, ClipImageProcessor.load(modelDir), images, batchSize,
                        skipBad, err);
                imageEmbeds = e.embeds();
                rows = e.rows();
                skipped = e.skipped();
                if (imageEmbeds.length == 0) {
                    throw new IllegalArgumentException("--images: none of the " + images.size()
                            + " image(s) could be decoded");
                }
            } else if (imageInput != null) {
                imageEmbeds = clip.embedPixels(readPixels(imageInput.pixelValues));
            }
            float[][] textEmbeds = texts == null ? null : clip.embedTexts(texts);

            PrintWriter stdout = spec.commandLine().getOut();
            if (imageEmbeds != null) {
                CliInputs.writeMatrix(imageFile, imageEmbeds, dim);
                stdout.printf("%s [%d, %d]%n", imageFile, imageEmbeds.length, dim);
            }
            if (textEmbeds != null) {
                CliInputs.writeMatrix(textFile, textEmbeds, dim);
                stdout.printf("%s [%d, %d]%n", textFile, textEmbeds.length, dim);
            }
            if (imageEmbeds != null && textEmbeds != null) {
                SimilarityResult sim = clip.similarity(imageEmbeds, textEmbeds);
                CliInputs.writeMatrix(logitsFile, sim.logitsPerImage(), textEmbeds.length);
                stdout.printf("%s [%d, %d] (logit scale %.4f)%n", logitsFile, imageEmbeds.length, textEmbeds.length,
                        clip.logitScale());
            }
            ImageFiles.writeManifest(manifestFile, rows, imageInput != null && imageInput.pixelValues != null
                    ? imageInput.pixelValues : null, imageEmbeds == null ? 0 : imageEmbeds.length, skipped, texts);
            stdout.printf("%s%s%n", manifestFile, skipped.isEmpty() ? "" : " (" + skipped.size() + " skipped)");
            // outputs of an earlier run into the same --out that this run did not produce would pair new image
            // embeddings with old texts (or the reverse): remove them
            removeStale(imageEmbeds == null ? imageFile : null, err);
            removeStale(textEmbeds == null ? textFile : null, err);
            removeStale(imageEmbeds == null || textEmbeds == null ? logitsFile : null, err);
            stdout.flush();
        }
        err.flush();
        return 0;
    }

    private static void removeStale(Path file, PrintWriter err) throws IOException {
        if (file != null && Files.deleteIfExists(file)) {
            err.printf("removed %s from an earlier run (not produced by this one)%n", file);
        }
    }

    /** Rows of a float32 {@code [N, 3, H, W]} .npy file, errors naming {@code --pixel-values}. */
    private static float[][] readPixels(Path file) throws IOException {
        float[][] rows;
        try {
            rows = CliInputs.readPixelValues(file);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("--pixel-values " + file + ": not a float32 [N, 3, H, W] .npy file ("
                    + ErrorHandler.describe(e) + ")");
        }
        if (rows.length == 0) {
            throw new IllegalArgumentException("--pixel-values " + file + ": holds no images");
        }
        return rows;
    }
}

package io.clipj.bench.cli;

import io.clipj.Clip;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code embed}: image and/or text features as {@code .npy} files, like HF's {@code get_image_features} and
 * {@code get_text_features}, plus {@code logits_per_image} when both are given. Every result is computed
 * before any file is written, and each file is written to a temporary name and moved into place.
 *
 * <p>Not thread-safe (one instance per command-line run).
 */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = "Writes DIR/image_embeds.npy [N, D], DIR/text_embeds.npy [T, D] (projected, not normalised) and,"
                + " with both, DIR/logits_per_image.npy [N, T] = exp(logit_scale) x cosine.")
public final class EmbedCommand implements Callable<Integer> {

    static final class ImageSource {
        @Option(names = "--images", arity = "1..*", paramLabel = "IMAGE", description = "image files")
        List<Path> images;

        @Option(names = "--pixel-values", paramLabel = "P.npy", description = "preprocessed float32 [N, 3, H, W]")
        Path pixelValues;
    }

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    ImageSource imageSource;

    @Option(names = "--texts-file", paramLabel = "F.json", description = "JSON array of strings")
    Path textsFile;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory (created if needed)")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (imageSource == null && textsFile == null) {
            throw new IllegalArgumentException("nothing to embed: give --images, --pixel-values and/or --texts-file");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException(out + ": --out exists and is not a directory");
        }
        List<String> texts = textsFile == null ? null : CliInputs.readTexts(textsFile);
        float[][] pixels = imageSource != null && imageSource.pixelValues != null
                ? CliInputs.readPixelValues(imageSource.pixelValues) : null;
        try (Clip clip = model.load()) {
            float[][] imageEmbeds = null;
            if (pixels != null) {
                imageEmbeds = clip.embedPixels(pixels);
            } else if (imageSource != null) {
                imageEmbeds = clip.embedImageFiles(imageSource.images);
            }
            float[][] textEmbeds = texts == null ? null : clip.embedTexts(texts);
            int dim = clip.embeddingDim();
            Files.createDirectories(out);
            if (imageEmbeds != null) {
                CliInputs.writeMatrix(out.resolve("image_embeds.npy"), imageEmbeds, dim);
            }
            if (textEmbeds != null) {
                CliInputs.writeMatrix(out.resolve("text_embeds.npy"), textEmbeds, dim);
            }
            if (imageEmbeds != null && textEmbeds != null) {
                CliInputs.writeMatrix(out.resolve("logits_per_image.npy"),
                        clip.similarity(imageEmbeds, textEmbeds).logitsPerImage(), textEmbeds.length);
            }
            spec.commandLine().getOut().printf("wrote %s%s%s to %s%n",
                    imageEmbeds == null ? "" : "image_embeds.npy [" + imageEmbeds.length + ", " + dim + "] ",
                    textEmbeds == null ? "" : "text_embeds.npy [" + textEmbeds.length + ", " + dim + "] ",
                    imageEmbeds != null && textEmbeds != null ? "logits_per_image.npy" : "", out);
        }
        return 0;
    }
}

package io.clipj.bench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipj.Clip;
import io.clipj.image.ClipImageProcessor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;

/**
 * {@code embed}'s image inputs: folders expanded to the image files under them, images embedded batch by batch
 * with progress (bad ones skipped when asked), and {@code manifest.json}, which says which input each row of
 * {@code image_embeds.npy} is and which inputs were skipped.
 *
 * <p>Stateless and thread-safe.
 */
final class ImageFiles {

    /** File name endings taken from a folder (the format itself is still recognised by content). */
    static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "webp", "bmp", "gif", "tif", "tiff", "ppm",
            "pgm", "pbm", "pnm", "tga", "ico");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** An input that could not be decoded, and why. */
    record Skipped(Path path, String error) {
    }

    /** Embeddings {@code [rows, D]}, the input of each row, and the skipped inputs. */
    record Embedded(float[][] embeds, List<Path> rows, List<Skipped> skipped) {
    }

    private ImageFiles() {
    }

    /** The files as given, each folder replaced by its image files (recursively, sorted by path). */
    static List<Path> expand(String option, List<Path> args) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path arg : args) {
            if (Files.isDirectory(arg)) {
                try (Stream<Path> walk = Files.walk(arg)) {
                    List<Path> found = walk.filter(Files::isRegularFile).filter(ImageFiles::hasImageExtension)
                            .sorted().toList();
                    if (found.isEmpty()) {
                        throw new IllegalArgumentException(option + " " + arg + ": folder holds no image files (*."
                                + String.join(", *.", EXTENSIONS.stream().sorted().toList()) + ")");
                    }
                    files.addAll(found);
                }
            } else {
                files.add(Inputs.requireFile(option, arg));
            }
        }
        return files;
    }

    private static boolean hasImageExtension(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * Embeds {@code files} {@code batch} at a time. A file that cannot be decoded stops the run, or with
     * {@code skipBad} is named on {@code err} and left out.
     */
    static Embedded embed(Clip clip, ClipImageProcessor processor, List<Path> files, int batch, boolean skipBad,
            PrintWriter err) throws IOException {
        List<float[]> embeds = new ArrayList<>();
        List<Path> rows = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        boolean bar = files.size() > batch;
        try (ProgressBar progress = bar ? Progress.bar(err, "images", files.size(), "img") : null) {
            for (int start = 0; start < files.size(); start += batch) {
                List<float[]> pixels = new ArrayList<>();
                for (Path f : files.subList(start, Math.min(files.size(), start + batch))) {
                    try {
                        pixels.add(processor.preprocess(f));
                        rows.add(f);
                    } catch (IOException e) {
                        if (!skipBad) {
                            throw e;
                        }
                        String why = ErrorHandler.describe(e);
                        err.println("skipped: " + why);
                        skipped.add(new Skipped(f, why));
                    }
                }
                if (!pixels.isEmpty()) {
                    embeds.addAll(Arrays.asList(clip.embedPixels(pixels.toArray(float[][]::new))));
                }
                if (progress != null) {
                    progress.stepTo(Math.min(files.size(), start + batch));
                }
            }
        }
        return new Embedded(embeds.toArray(float[][]::new), rows, skipped);
    }

    /** {@code manifest.json}: image rows to inputs (or the pixel file), skipped inputs, texts in row order. */
    static void writeManifest(Path file, List<Path> rows, Path pixelValues, int imageRows, List<Skipped> skipped,
            List<String> texts) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode images = root.putArray("images");
        for (int i = 0; i < rows.size(); i++) {
            images.addObject().put("row", i).put("path", rows.get(i).toString());
        }
        if (pixelValues != null) {
            for (int i = 0; i < imageRows; i++) {
                images.addObject().put("row", i).put("path", pixelValues + "[" + i + "]");
            }
        }
        ArrayNode bad = root.putArray("skipped");
        for (Skipped s : skipped) {
            bad.addObject().put("path", s.path().toString()).put("error", s.error());
        }
        ArrayNode textRows = root.putArray("texts");
        if (texts != null) {
            for (int i = 0; i < texts.size(); i++) {
                textRows.addObject().put("row", i).put("text", texts.get(i));
            }
        }
        OutputFiles.writeAtomically(file, out -> out.write(JSON.writeValueAsBytes(root)));
    }
}

package io.clipj.bench.cli;

import io.clipj.image.ClipImageProcessor;
import io.clipj.weights.npy.Npy;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code preprocess --model M --out X.npy IMAGE...}: decodes and preprocesses images exactly like HF's
 * {@code CLIPImageProcessor} and writes float32 {@code [N, 3, H, W]}, rows in argument order. The output is
 * written to a temporary file beside {@code X.npy} and moved into place only when every image succeeded.
 */
@Command(name = "preprocess", mixinStandardHelpOptions = true,
        description = "Decode and preprocess images like HuggingFace CLIPImageProcessor; write float32 [N, 3, H, W] .npy.")
public final class PreprocessCommand implements Callable<Integer> {

    @Mixin
    ModelOption model;

    @Option(names = "--out", required = true, paramLabel = "X.npy", description = "Output .npy file.")
    Path out;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image files (PNG, JPEG, WebP, BMP, GIF).")
    List<Path> images;

    @Override
    public Integer call() throws IOException {
        ClipImageProcessor processor = ClipImageProcessor.load(model.directory());
        int h = processor.outputHeight();
        int w = processor.outputWidth();
        if (h < 0) {
            throw new IllegalArgumentException("--model " + model.name() + ": preprocessor_config.json gives a size that"
                    + " depends on each image (no centre crop); cannot stack into one [N, 3, H, W] array");
        }
        int per = processor.valuesPerImage();
        float[] data = new float[images.size() * per]; // [N, 3, H, W]
        for (int i = 0; i < images.size(); i++) {
            Path image = images.get(i);
            if (!Files.isRegularFile(image)) {
                throw new NoSuchFileException(image.toString(), null, "image not found");
            }
            processor.preprocessInto(image, data, i * per);
        }
        writeAtomically(out, data, images.size(), 3, h, w);
        System.err.printf("preprocessed %d image(s) to %s [%d, 3, %d, %d]%n", images.size(), out, images.size(), h, w);
        return 0;
    }

    private static void writeAtomically(Path target, float[] data, int... shape) throws IOException {
        Path abs = target.toAbsolutePath();
        Path parent = abs.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new NoSuchFileException(parent.toString(), null, "output directory does not exist");
        }
        Path tmp = Files.createTempFile(parent, "." + abs.getFileName(), ".tmp");
        try {
            try (OutputStream os = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                Npy.write(os, data, shape);
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}

package io.clipj.bench.cli;

import io.clipj.image.ClipImageProcessor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
        OutputFiles.checkWritableFile("--out", out);
        List<Path> inputs = new ArrayList<>(images);
        inputs.add(model.directory());
        OutputFiles.checkNotInput("--out", out, inputs);
        int h = processor.outputHeight();
        int w = processor.outputWidth();
        if (h < 0) {
            throw new IllegalArgumentException("--model " + model.name() + ": preprocessor_config.json gives a size that"
                    + " depends on each image (no centre crop); cannot stack into one [N, 3, H, W] array");
        }
        for (Path image : images) {
            Inputs.requireFile("IMAGE", image);
        }
        int per = processor.valuesPerImage();
        long values = (long) images.size() * per;
        long heap = Runtime.getRuntime().maxMemory();
        if (values > Integer.MAX_VALUE - 8 || values * Float.BYTES > heap / 2) {
            throw new IllegalArgumentException("--model " + model.name() + ": " + images.size() + " image(s) of 3 x "
                    + h + " x " + w + " (crop_size in preprocessor_config.json) need " + (values * Float.BYTES >> 20)
                    + " MiB as one array, more than half the Java heap (" + (heap >> 20) + " MiB); preprocess fewer"
                    + " images at a time or raise -Xmx");
        }
        float[] data = new float[(int) values]; // [N, 3, H, W]
        for (int i = 0; i < images.size(); i++) {
            processor.preprocessInto(images.get(i), data, i * per);
        }
        OutputFiles.writeNpy(out, data, images.size(), 3, h, w);
        System.err.printf("preprocessed %d image(s) to %s [%d, 3, %d, %d]%n", images.size(), out, images.size(), h, w);
        return 0;
    }
}

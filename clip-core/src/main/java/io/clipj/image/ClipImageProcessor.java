package io.clipj.image;

import io.clipj.internal.image.CenterCrop;
import io.clipj.internal.image.PilResampler;
import io.clipj.weights.config.PreprocessorConfig;
import io.clipj.weights.config.PreprocessorConfigReader;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * HuggingFace's {@code CLIPImageProcessor}, pixel for pixel: PIL {@code convert("RGB")}, shortest edge resized
 * with PIL's resampling ({@link PilResampler}), centre crop (zero padding when smaller), ×{@code rescale_factor}
 * in double then float32, {@code (x - mean) / std} in float32, channels first.
 *
 * <pre>{@code
 * ClipImageProcessor processor = ClipImageProcessor.load(Path.of("models/clip-vit-base-patch32"));
 * float[] pixels = processor.preprocess(Path.of("cat.jpg"));          // [3, 224, 224]
 * float[] batch = new float[2 * processor.valuesPerImage()];          // [2, 3, 224, 224]
 * processor.preprocessInto(Path.of("a.png"), batch, 0);
 * processor.preprocessInto(Path.of("b.webp"), batch, processor.valuesPerImage());
 * }</pre>
 *
 * <p>Because every input sample is an 8-bit value, rescale and normalisation are one 256-entry float table
 * per channel, computed with HF's exact arithmetic.
 *
 * <p>Immutable and thread-safe.
 */
public final class ClipImageProcessor {

    private final PreprocessorConfig config;
    private final PilFilter filter;
    private final ImageDecoder decoder;
    // [3][256]: output value of each channel for each 8-bit input value
    private final float[][] table;

    private ClipImageProcessor(PreprocessorConfig config, PixelLimit limit) {
        this.config = config;
        this.filter = config.doResize() ? PilFilter.fromPilId(config.resample()) : PilFilter.BICUBIC;
        this.decoder = new ImageDecoder(limit);
        this.table = new float[3][256];
        for (int c = 0; c < 3; c++) {
            float mean = (float) (double) config.imageMean().get(c);
            float std = (float) (double) config.imageStd().get(c);
            for (int v = 0; v < 256; v++) {
                // HF rescale: uint8.astype(float64) * scale, then astype(float32)
                float x = config.doRescale() ? (float) (v * config.rescaleFactor()) : v;
                // HF normalize: float32 throughout, mean and std cast to the image's dtype
                table[c][v] = config.doNormalize() ? (x - mean) / std : x;
            }
        }
    }

    /** A processor for {@code config}, with the default pixel limit ({@link PixelLimit#DEFAULT}: PIL's unless configured). */
    public static ClipImageProcessor fromConfig(PreprocessorConfig config) {
        return new ClipImageProcessor(config, PixelLimit.DEFAULT);
    }

    /** A processor for {@code config} that refuses images beyond {@code limit}. */
    public static ClipImageProcessor fromConfig(PreprocessorConfig config, PixelLimit limit) {
        return new ClipImageProcessor(config, limit);
    }

    /** Reads {@code preprocessor_config.json} from a HuggingFace-layout model directory. */
    public static ClipImageProcessor load(Path modelDir) throws IOException {
        return fromConfig(PreprocessorConfigReader.read(modelDir));
    }

    public PreprocessorConfig config() {
        return config;
    }

    /** Output height when it does not depend on the image (centre crop on), else -1. */
    public int outputHeight() {
        return config.doCenterCrop() ? config.cropHeight()
                : config.doResize() && config.shortestEdge() == 0 ? config.resizeHeight() : -1;
    }

    /** Output width when it does not depend on the image, else -1. */
    public int outputWidth() {
        return config.doCenterCrop() ? config.cropWidth()
                : config.doResize() && config.shortestEdge() == 0 ? config.resizeWidth() : -1;
    }

    /** {@code 3 * H * W}; throws when the output size depends on each image (no crop, shortest-edge resize). */
    public int valuesPerImage() {
        if (outputHeight() < 0) {
            throw new IllegalStateException("output size depends on each image (do_center_crop is false and size"
                    + " is a shortest edge); use preprocess(...) per image");
        }
        return 3 * outputHeight() * outputWidth();
    }

    /** Decodes and preprocesses a file: {@code [3, H, W]} float32, row-major. */
    public float[] preprocess(Path file) throws IOException {
        return preprocess(decoder.decode(file));
    }

    /** Decodes and preprocesses encoded bytes. */
    public float[] preprocess(byte[] encoded) throws IOException {
        return preprocess(decoder.decode(encoded, "image bytes"));
    }

    /** Decodes and preprocesses a stream (read to its end, not closed). */
    public float[] preprocess(InputStream in) throws IOException {
        return preprocess(decoder.decode(in, "image stream"));
    }

    /** Preprocesses an in-memory image (converted to RGB as PIL would: alpha dropped, palette looked up). */
    public float[] preprocess(BufferedImage image) {
        return preprocess(ImageDecoder.fromBufferedImage(image));
    }

    /** Preprocesses decoded RGB. */
    public float[] preprocess(RgbImage image) {
        RgbImage ready = resizeAndCrop(image);
        float[] out = new float[3 * ready.width() * ready.height()];
        writeChw(ready, out, 0);
        return out;
    }

    /** Decodes {@code file} and writes its {@code [3, H, W]} values into {@code dest} at {@code offset}. */
    public void preprocessInto(Path file, float[] dest, int offset) throws IOException {
        preprocessInto(decoder.decode(file), dest, offset);
    }

    /** Decodes encoded bytes and writes their {@code [3, H, W]} values into {@code dest} at {@code offset}. */
    public void preprocessInto(byte[] encoded, String source, float[] dest, int offset) throws IOException {
        preprocessInto(decoder.decode(encoded, source), dest, offset);
    }

    /** Writes the {@code [3, H, W]} values of an in-memory image into {@code dest} at {@code offset}. */
    public void preprocessInto(BufferedImage image, float[] dest, int offset) {
        preprocessInto(ImageDecoder.fromBufferedImage(image), dest, offset);
    }

    /** Writes the {@code [3, H, W]} values of {@code image} into {@code dest} at {@code offset}. */
    public void preprocessInto(RgbImage image, float[] dest, int offset) {
        int n = valuesPerImage();
        if (offset < 0 || offset + n > dest.length) {
            throw new IndexOutOfBoundsException("need " + n + " values at offset " + offset + ", array holds "
                    + dest.length);
        }
        writeChw(resizeAndCrop(image), dest, offset);
    }

    /** Decodes and preprocesses files into one {@code [N, 3, H, W]} array, rows in list order. */
    public float[] preprocessBatch(List<Path> files) throws IOException {
        int n = valuesPerImage();
        float[] out = new float[files.size() * n];
        for (int i = 0; i < files.size(); i++) {
            preprocessInto(files.get(i), out, i * n);
        }
        return out;
    }

    /** Decodes only (PIL {@code convert("RGB")} semantics), with this processor's pixel limit. */
    public RgbImage decode(Path file) throws IOException {
        return decoder.decode(file);
    }

    /** Resize then centre crop, still 8-bit: HF's order, on the uint8 image. */
    RgbImage resizeAndCrop(RgbImage image) {
        RgbImage img = image;
        if (config.doResize() && config.doCenterCrop()) {
            int[] hw = resizeTarget(img.height(), img.width());
            int ch = config.cropHeight();
            int cw = config.cropWidth();
            int top = Math.floorDiv(hw[0] - ch, 2);
            int left = Math.floorDiv(hw[1] - cw, 2);
            boolean changes = hw[0] != img.height() || hw[1] != img.width();
            if (changes && top >= 0 && left >= 0 && top + ch <= hw[0] && left + cw <= hw[1]) {
                // only the pixels the crop keeps are resampled
                return new RgbImage(cw, ch, PilResampler.resize(img.rgb(), img.width(), img.height(), hw[1], hw[0],
                        filter, left, top, cw, ch));
            }
        }
        if (config.doResize()) {
            int[] hw = resizeTarget(img.height(), img.width());
            if (hw[0] != img.height() || hw[1] != img.width()) {
                img = new RgbImage(hw[1], hw[0],
                        PilResampler.resize(img.rgb(), img.width(), img.height(), hw[1], hw[0], filter));
            }
        }
        if (config.doCenterCrop()) {
            img = CenterCrop.crop(img, config.cropHeight(), config.cropWidth());
        }
        return img;
    }

    /** {height, width}: HF's {@code get_resize_output_image_size(default_to_square=False)} or the exact size. */
    int[] resizeTarget(int height, int width) {
        if (config.shortestEdge() == 0) {
            return new int[] {config.resizeHeight(), config.resizeWidth()};
        }
        int size = config.shortestEdge();
        int shortSide = Math.min(width, height);
        int longSide = Math.max(width, height);
        // Python: int(size * long / short), true division in double, truncated
        int newLong = (int) ((double) ((long) size * longSide) / shortSide);
        return width <= height ? new int[] {newLong, size} : new int[] {size, newLong};
    }

    // [H, W, 3] uint8 -> [3, H, W] float32 through the per-channel table
    private void writeChw(RgbImage img, float[] dest, int offset) {
        int plane = img.width() * img.height();
        byte[] rgb = img.rgb();
        float[] t0 = table[0];
        float[] t1 = table[1];
        float[] t2 = table[2];
        for (int i = 0, p = 0; i < plane; i++, p += 3) {
            dest[offset + i] = t0[rgb[p] & 0xff];
            dest[offset + plane + i] = t1[rgb[p + 1] & 0xff];
            dest[offset + 2 * plane + i] = t2[rgb[p + 2] & 0xff];
        }
    }
}

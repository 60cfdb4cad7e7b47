package io.clipj.spark;

import io.clipj.image.ClipImageProcessor;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Decodes and preprocesses encoded image bytes exactly as {@code Clip.embedImageFiles} does (the model's
 * {@code preprocessor_config.json}, PIL-exact decoders), one sample at a time so that a broken image fails
 * only its own sample. The {@code Clip} API takes files or {@code BufferedImage}s; this adapter is the only
 * place clip-spark uses clip-core's image package.
 *
 * <p>Immutable and thread-safe.
 */
final class SamplePixels {

    private final ClipImageProcessor processor;

    private SamplePixels(ClipImageProcessor processor) {
        this.processor = processor;
    }

    /** The preprocessing of the model in {@code modelDir}. */
    static SamplePixels load(Path modelDir) throws IOException {
        return new SamplePixels(ClipImageProcessor.load(modelDir));
    }

    /**
     * {@code [3, H, W]} pixel values of one encoded image.
     *
     * @param source names the image in the exception's message
     * @throws IOException if the bytes are not a decodable image
     */
    float[] pixels(byte[] encoded, String source) throws IOException {
        float[] out = new float[processor.valuesPerImage()];
        processor.preprocessInto(encoded, source, out, 0);
        return out;
    }
}

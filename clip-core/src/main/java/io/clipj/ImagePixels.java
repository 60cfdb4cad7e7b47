package io.clipj;

import io.clipj.image.ClipImageProcessor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * One caller-supplied image (a file, encoded bytes, a stream or a {@link BufferedImage}) turned into the model's
 * pixel values, with every problem reported as an {@link InputException} naming the item: its file, or its
 * index in a batch call ({@code index} -1 for single-item calls).
 */
final class ImagePixels {

    private ImagePixels() {
    }

    /** Pixel values of {@code input} (a {@link Path}, {@code byte[]}, {@link InputStream} or {@link BufferedImage}). */
    static float[] of(ClipImageProcessor processor, Object input, int index) {
        String item = index < 0 ? "image" : "image " + index;
        try {
            if (input == null) {
                throw new InputException(index, item + " is null", null);
            } else if (input instanceof Path file) {
                return processor.preprocess(file);
            } else if (input instanceof byte[] bytes) {
                if (bytes.length == 0) {
                    throw new InputException(index, item + " is empty (0 bytes)", null);
                }
                return processor.preprocess(bytes);
            } else if (input instanceof InputStream in) {
                return processor.preprocess(in);
            } else if (input instanceof BufferedImage image) {
                return processor.preprocess(image);
            }
            throw new InputException(index, item + ": unsupported type " + input.getClass().getName(), null);
        } catch (NoSuchFileException e) {
            throw new InputException(index, prefix(index) + e.getFile() + ": no such file", e);
        } catch (IOException e) {
            throw new InputException(index, prefix(index) + (e.getMessage() == null ? e : e.getMessage()), e);
        } catch (IllegalArgumentException e) { // e.g. a decoded image over the pixel limit
            throw new InputException(index, prefix(index) + e.getMessage(), e);
        }
    }

    private static String prefix(int index) {
        return index < 0 ? "" : "image " + index + ": ";
    }
}

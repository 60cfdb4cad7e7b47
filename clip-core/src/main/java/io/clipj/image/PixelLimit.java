package io.clipj.image;

import io.clipj.weights.internal.SystemLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PIL's decompression-bomb guard ({@code Image.MAX_IMAGE_PIXELS}): an image with more pixels than
 * {@code warnPixels} is decoded with a warning, one with more than twice that is refused. The check runs on the
 * header's dimensions, before any pixel memory is allocated.
 *
 * <p>Immutable and thread-safe.
 *
 * @param warnPixels pixel count above which a warning is logged; the error threshold is twice this
 */
public record PixelLimit(long warnPixels) {

    /** PIL's default: {@code 1024 * 1024 * 1024 // 4 // 3} = 89,478,485 pixels. */
    public static final PixelLimit PIL_DEFAULT = new PixelLimit(1024L * 1024 * 1024 / 4 / 3);
    /** No limit (trusted inputs only). */
    public static final PixelLimit NONE = new PixelLimit(Long.MAX_VALUE / 2);
    /**
     * The limit used when none is given: {@link #PIL_DEFAULT}, or the warning threshold set with
     * {@code -Dclipj.image.maxPixels=N} (PIL's {@code Image.MAX_IMAGE_PIXELS}; refusal above 2N). See
     * docs/security.md.
     */
    public static final PixelLimit DEFAULT = new PixelLimit(
            SystemLimits.positive("clipj.image.maxPixels", PIL_DEFAULT.warnPixels(), Long.MAX_VALUE / 4));

    private static final Logger LOG = LoggerFactory.getLogger(PixelLimit.class);

    public PixelLimit {
        if (warnPixels <= 0) {
            throw new IllegalArgumentException("pixel limit must be positive, got " + warnPixels);
        }
    }

    /** The pixel count above which an image is refused: twice {@link #warnPixels()}. */
    public long maxPixels() {
        return 2 * warnPixels;
    }

    /** Refuses ({@link ImageDecodeException}) or warns about an image of {@code width × height}. */
    void check(String source, long width, long height) throws ImageDecodeException {
        check(source, "image size", width, height);
    }

    /** As {@link #check(String, long, long)}; {@code what} names the size in messages (e.g. a WebP bitstream's). */
    void check(String source, String what, long width, long height) throws ImageDecodeException {
        if (width <= 0 || height <= 0) {
            throw new ImageDecodeException(source, "invalid " + what + " " + width + "x" + height);
        }
        long pixels = width * height;
        if (pixels > 2 * warnPixels) {
            throw new ImageDecodeException(source, what + " " + width + "x" + height + " (" + pixels
                    + " pixels) exceeds the limit of " + (2 * warnPixels) + " pixels; refusing it as a possible"
                    + " decompression bomb");
        }
        if (pixels > warnPixels) {
            LOG.warn("{}: {} {}x{} ({} pixels) exceeds {} pixels, could be a decompression bomb",
                    source, what, width, height, pixels, warnPixels);
        }
        if (pixels * 3 > Integer.MAX_VALUE - 8) {
            throw new ImageDecodeException(source, what + " " + width + "x" + height + " is too large for one"
                    + " Java array");
        }
    }
}

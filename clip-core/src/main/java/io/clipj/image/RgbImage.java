package io.clipj.image;

/**
 * An 8-bit RGB image, interleaved row-major ({@code [H, W, 3]}), as PIL's mode {@code "RGB"} holds it after
 * {@code convert("RGB")}. The pixel array is not copied on construction or access: treat it as read-only.
 *
 * <p>Immutable by convention (the array is shared), and thread-safe when not mutated.
 *
 * @param width  pixels per row
 * @param height rows
 * @param rgb    {@code width * height * 3} bytes, R G B per pixel
 */
public record RgbImage(int width, int height, byte[] rgb) {

    public RgbImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if (rgb.length != width * height * 3) {
            throw new IllegalArgumentException("expected " + (width * height * 3) + " bytes for " + width + "x"
                    + height + " RGB, got " + rgb.length);
        }
    }

    /** Channel {@code c} (0 R, 1 G, 2 B) of pixel ({@code x}, {@code y}), 0..255. */
    public int sample(int x, int y, int c) {
        return rgb[(y * width + x) * 3 + c] & 0xff;
    }
}

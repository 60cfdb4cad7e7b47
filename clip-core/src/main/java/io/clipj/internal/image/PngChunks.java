package io.clipj.internal.image;

/**
 * Reads the one fact about a PNG that Java's reader hides and PIL depends on: how many palette entries the
 * PLTE chunk really stores (Java pads the palette with black, Pillow's unfilled entries are a gray ramp).
 *
 * <p>Stateless and thread-safe.
 */
public final class PngChunks {

    private PngChunks() {
    }

    /** Entries in PLTE, or -1 when there is none before IDAT (or the chunk layout is broken). */
    public static int paletteEntries(byte[] b) {
        int p = 8;
        while (p + 8 <= b.length) {
            long len = ((b[p] & 0xffL) << 24) | ((b[p + 1] & 0xff) << 16) | ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
            String type = new String(b, p + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (type.equals("PLTE")) {
                return (int) (len / 3);
            }
            if (type.equals("IDAT") || len > b.length) {
                return -1;
            }
            p += 12 + (int) len;
        }
        return -1;
    }
}

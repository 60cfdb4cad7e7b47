package io.clipj.internal.image;

import io.clipj.image.ImageDecodeException;
import io.clipj.image.RgbImage;

/**
 * PPM/PGM with a maxval other than 255, decoded as PIL 9.4's {@code PpmImagePlugin} does; TwelveMonkeys' reader
 * rescales such samples differently. PIL: each sample becomes {@code round(v / maxval * 255)} (Python's
 * half-to-even rounding); gray with maxval above 255 opens as mode {@code I} scaled to 0..65535 (raw when maxval
 * is 65535) and {@code convert("RGB")} clamps that at 255. A sample above maxval is an error, as in PIL. Maxval 255
 * and bitmaps (P1, P4) are left to the ImageIO reader, which is exact for them.
 *
 * <p>Stateless and thread-safe.
 */
public final class PnmScaled {

    /** The header fields; {@code dataStart} is the offset of the first sample. */
    public record Header(char kind, int width, int height, int maxval, int dataStart) {
        boolean plain() {
            return kind == '2' || kind == '3';
        }

        int channels() {
            return kind == '3' || kind == '6' ? 3 : 1;
        }
    }

    private PnmScaled() {
    }

    /** The header of a P2/P3/P5/P6 file whose maxval needs PIL's scaling, or null for the ImageIO reader. */
    public static Header scaledHeader(byte[] b, String source) throws ImageDecodeException {
        char kind = (char) b[1];
        if (kind == '1' || kind == '4') {
            return null;
        }
        int[] pos = {2};
        int width = token(b, pos, source, "width");
        int height = token(b, pos, source, "height");
        int maxval = token(b, pos, source, "maxval");
        if (maxval <= 0 || maxval >= 65536) {
            throw new ImageDecodeException(source, "PNM maxval must be between 1 and 65535, got " + maxval);
        }
        if (maxval == 255 || maxval == 65535 && (kind == '2' || kind == '5')) {
            return null;
        }
        return new Header(kind, width, height, maxval, pos[0] + 1); // one whitespace byte ends the header
    }

    /** Decodes the samples after a {@link #scaledHeader} header; the size was already checked by the caller. */
    public static RgbImage decode(byte[] b, Header h, String source) throws ImageDecodeException {
        int n = h.width() * h.height() * h.channels();
        boolean wideGray = h.channels() == 1 && h.maxval() > 255;
        double outMax = wideGray ? 65535 : 255;
        int wide = h.maxval() > 255 ? 2 : 1;
        if (!h.plain() && (long) h.dataStart() + (long) n * wide > b.length) {
            throw new ImageDecodeException(source, "truncated PNM data (" + n + " samples of " + wide
                    + " bytes declared after byte " + h.dataStart() + ", the file has " + b.length + " bytes)");
        }
        byte[] out = new byte[h.width() * h.height() * 3];
        int[] pos = {h.dataStart() - 1};
        int p = h.dataStart();
        for (int i = 0; i < n; i++) {
            int v;
            if (h.plain()) {
                v = token(b, pos, source, "sample");
            } else if (wide == 2) {
                v = (b[p] & 0xff) << 8 | (b[p + 1] & 0xff);
                p += 2;
            } else {
                v = b[p++] & 0xff;
            }
            if (v > h.maxval()) {
                throw new ImageDecodeException(source, "PNM sample " + v + " exceeds maxval " + h.maxval());
            }
            int scaled = (int) Math.min(outMax, Math.rint((double) v / h.maxval() * outMax));
            byte s = (byte) Math.min(scaled, 255);
            if (h.channels() == 1) {
                out[3 * i] = s;
                out[3 * i + 1] = s;
                out[3 * i + 2] = s;
            } else {
                out[i] = s;
            }
        }
        return new RgbImage(h.width(), h.height(), out);
    }

    /** The next decimal number after whitespace and {@code #} comments; {@code pos[0]} ends on its last digit + 1. */
    private static int token(byte[] b, int[] pos, String source, String what) throws ImageDecodeException {
        int p = pos[0];
        while (p < b.length && (Character.isWhitespace(b[p]) || b[p] == '#')) {
            if (b[p] == '#') {
                while (p < b.length && b[p] != '\n' && b[p] != '\r') {
                    p++;
                }
            } else {
                p++;
            }
        }
        long v = 0;
        int start = p;
        while (p < b.length && b[p] >= '0' && b[p] <= '9' && v <= Integer.MAX_VALUE) {
            v = v * 10 + (b[p++] - '0');
        }
        if (p == start || v > Integer.MAX_VALUE) {
            throw new ImageDecodeException(source, p >= b.length ? "truncated PNM data (no " + what + ")"
                    : "invalid PNM " + what + " at byte " + p);
        }
        pos[0] = p;
        return (int) v;
    }
}

package io.clipj.internal.image.vp8;

/**
 * The inverse VP8L transforms on packed ARGB pixels, as libwebp's {@code dsp/lossless.c}: per-channel modular
 * arithmetic, the 14 spatial predictors, the cross-colour multipliers and palette lookup.
 *
 * <p>Stateless and thread-safe.
 */
public final class Vp8lTransforms {

    private Vp8lTransforms() {
    }

    /** Per-channel sum modulo 256. */
    public static int addPixels(int a, int b) {
        int ag = (a & 0xff00ff00) + (b & 0xff00ff00);
        int rb = (a & 0x00ff00ff) + (b & 0x00ff00ff);
        return (ag & 0xff00ff00) | (rb & 0x00ff00ff);
    }

    private static int average2(int a, int b) {
        return (((a ^ b) & 0xfefefefe) >>> 1) + (a & b);
    }

    private static int clip255(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }

    private static int select(int a, int b, int c) {
        int d = sub3(a >>> 24, b >>> 24, c >>> 24)
                + sub3((a >> 16) & 0xff, (b >> 16) & 0xff, (c >> 16) & 0xff)
                + sub3((a >> 8) & 0xff, (b >> 8) & 0xff, (c >> 8) & 0xff)
                + sub3(a & 0xff, b & 0xff, c & 0xff);
        return d <= 0 ? a : b;
    }

    private static int sub3(int a, int b, int c) {
        return Math.abs(b - c) - Math.abs(a - c);
    }

    private static int addSubtractFull(int c0, int c1, int c2) {
        int a = clip255((c0 >>> 24) + (c1 >>> 24) - (c2 >>> 24));
        int r = clip255(((c0 >> 16) & 0xff) + ((c1 >> 16) & 0xff) - ((c2 >> 16) & 0xff));
        int g = clip255(((c0 >> 8) & 0xff) + ((c1 >> 8) & 0xff) - ((c2 >> 8) & 0xff));
        int b = clip255((c0 & 0xff) + (c1 & 0xff) - (c2 & 0xff));
        return a << 24 | r << 16 | g << 8 | b;
    }

    private static int halfComponent(int a, int b) {
        return clip255(a + (a - b) / 2);
    }

    private static int addSubtractHalf(int c0, int c1, int c2) {
        int ave = average2(c0, c1);
        int a = halfComponent(ave >>> 24, c2 >>> 24);
        int r = halfComponent((ave >> 16) & 0xff, (c2 >> 16) & 0xff);
        int g = halfComponent((ave >> 8) & 0xff, (c2 >> 8) & 0xff);
        int b = halfComponent(ave & 0xff, c2 & 0xff);
        return a << 24 | r << 16 | g << 8 | b;
    }

    private static int predict(int mode, int left, int top, int topRight, int topLeft) {
        return switch (mode) {
            case 1 -> left;
            case 2 -> top;
            case 3 -> topRight;
            case 4 -> topLeft;
            case 5 -> average2(average2(left, topRight), top);
            case 6 -> average2(left, topLeft);
            case 7 -> average2(left, top);
            case 8 -> average2(topLeft, top);
            case 9 -> average2(top, topRight);
            case 10 -> average2(average2(left, topLeft), average2(top, topRight));
            case 11 -> select(top, left, topLeft);
            case 12 -> addSubtractFull(left, top, topLeft);
            case 13 -> addSubtractHalf(left, top, topLeft);
            default -> 0xff000000; // 0, and 14/15 as libwebp pads them
        };
    }

    public static int[] predictorInverse(int[] p, int w, int h, int bits, int[] modes) {
        int tiles = Vp8lDecoder.subSample(w, bits);
        p[0] = addPixels(p[0], 0xff000000);
        for (int x = 1; x < w; x++) {
            p[x] = addPixels(p[x], p[x - 1]);
        }
        for (int y = 1; y < h; y++) {
            int row = y * w;
            int up = row - w;
            p[row] = addPixels(p[row], p[up]);
            int tileRow = (y >> bits) * tiles;
            // one mode per tile span: a tight loop per span instead of a switch per pixel
            for (int x = 1; x < w; ) {
                int spanEnd = Math.min(w, ((x >> bits) + 1) << bits);
                int mode = (modes[tileRow + (x >> bits)] >> 8) & 0xf;
                predictSpan(p, row, up, x, spanEnd, mode);
                x = spanEnd;
            }
        }
        return p;
    }

    // the top-right of the last column is the first pixel of this row (contiguous memory in libwebp)
    private static void predictSpan(int[] p, int row, int up, int x0, int x1, int mode) {
        switch (mode) {
            case 1 -> {
                for (int x = x0; x < x1; x++) {
                    p[row + x] = addPixels(p[row + x], p[row + x - 1]);
                }
            }
            case 2 -> {
                for (int x = x0; x < x1; x++) {
                    p[row + x] = addPixels(p[row + x], p[up + x]);
                }
            }
            case 11 -> {
                for (int x = x0; x < x1; x++) {
                    p[row + x] = addPixels(p[row + x], select(p[up + x], p[row + x - 1], p[up + x - 1]));
                }
            }
            case 12 -> {
                for (int x = x0; x < x1; x++) {
                    p[row + x] = addPixels(p[row + x], addSubtractFull(p[row + x - 1], p[up + x], p[up + x - 1]));
                }
            }
            default -> {
                for (int x = x0; x < x1; x++) {
                    int pred = predict(mode, p[row + x - 1], p[up + x], p[up + x + 1], p[up + x - 1]);
                    p[row + x] = addPixels(p[row + x], pred);
                }
            }
        }
    }

    private static int colorDelta(int pred, int color) {
        return ((byte) pred * (byte) color) >> 5;
    }

    public static int[] crossColorInverse(int[] p, int w, int h, int bits, int[] codes) {
        int tiles = Vp8lDecoder.subSample(w, bits);
        for (int y = 0; y < h; y++) {
            int tileRow = (y >> bits) * tiles;
            for (int x = 0; x < w; x++) {
                int m = codes[tileRow + (x >> bits)];
                int greenToRed = m & 0xff;
                int greenToBlue = (m >> 8) & 0xff;
                int redToBlue = (m >> 16) & 0xff;
                int argb = p[y * w + x];
                int green = (argb >> 8) & 0xff;
                int red = (argb >> 16) & 0xff;
                int blue = argb & 0xff;
                red = (red + colorDelta(greenToRed, green)) & 0xff;
                blue = (blue + colorDelta(greenToBlue, green) + colorDelta(redToBlue, red)) & 0xff;
                p[y * w + x] = (argb & 0xff00ff00) | red << 16 | blue;
            }
        }
        return p;
    }

    public static int[] subtractGreenInverse(int[] p) {
        for (int i = 0; i < p.length; i++) {
            int argb = p[i];
            int green = (argb >> 8) & 0xff;
            int rb = ((argb & 0x00ff00ff) + (green << 16 | green)) & 0x00ff00ff;
            p[i] = (argb & 0xff00ff00) | rb;
        }
        return p;
    }

    /** Palette lookup; with {@code bits > 0} several indices are packed in each pixel's green byte. */
    public static int[] colorIndexInverse(int[] packed, int w, int h, int bits, int[] palette) {
        int[] out = new int[w * h];
        int packedW = Vp8lDecoder.subSample(w, bits);
        int bitsPerPixel = 8 >> bits;
        int mask = (1 << bitsPerPixel) - 1;
        int xMask = (1 << bits) - 1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int g = (packed[y * packedW + (x >> bits)] >> 8) & 0xff;
                int idx = (g >> ((x & xMask) * bitsPerPixel)) & mask;
                out[y * w + x] = idx < palette.length ? palette[idx] : 0;
            }
        }
        return out;
    }
}

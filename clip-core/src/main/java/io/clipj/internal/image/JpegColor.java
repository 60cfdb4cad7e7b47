package io.clipj.internal.image;

/**
 * libjpeg's colour conversions ({@code jdcolor.c}, identical in libjpeg 6b and libjpeg-turbo, which PIL uses),
 * applied to the raw, already upsampled components that {@code ImageReader.readRaster} returns. Doing this
 * ourselves is how we skip the embedded-ICC-profile conversion that Java's readers apply in {@code read()} and
 * PIL does not. Fixed point with 16 fractional bits, rounding and table layout as libjpeg's.
 *
 * <p>Stateless and thread-safe (the tables are built once and never written).
 */
public final class JpegColor {

    private static final int SCALEBITS = 16;
    private static final int ONE_HALF = 1 << (SCALEBITS - 1);
    private static final int[] CR_R = new int[256];
    private static final int[] CB_B = new int[256];
    private static final int[] CR_G = new int[256];
    private static final int[] CB_G = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int x = i - 128;
            CR_R[i] = (fix(1.40200) * x + ONE_HALF) >> SCALEBITS;
            CB_B[i] = (fix(1.77200) * x + ONE_HALF) >> SCALEBITS;
            CR_G[i] = -fix(0.71414) * x;
            CB_G[i] = -fix(0.34414) * x + ONE_HALF;
        }
    }

    private JpegColor() {
    }

    private static int fix(double x) {
        return (int) (x * (1L << SCALEBITS) + 0.5);
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }

    /** YCbCr → RGB in place over {@code n} interleaved 3-byte pixels. */
    public static void yccToRgb(byte[] px, int n) {
        for (int i = 0, p = 0; i < n; i++, p += 3) {
            int y = px[p] & 0xff;
            int cb = px[p + 1] & 0xff;
            int cr = px[p + 2] & 0xff;
            px[p] = (byte) clamp(y + CR_R[cr]);
            px[p + 1] = (byte) clamp(y + ((CB_G[cb] + CR_G[cr]) >> SCALEBITS));
            px[p + 2] = (byte) clamp(y + CB_B[cb]);
        }
    }

    /** YCCK → CMYK in place over {@code n} interleaved 4-byte pixels (libjpeg's {@code ycck_cmyk_convert}). */
    public static void ycckToCmyk(byte[] px, int n) {
        for (int i = 0, p = 0; i < n; i++, p += 4) {
            int y = px[p] & 0xff;
            int cb = px[p + 1] & 0xff;
            int cr = px[p + 2] & 0xff;
            px[p] = (byte) (255 - clamp(y + CR_R[cr]));
            px[p + 1] = (byte) (255 - clamp(y + ((CB_G[cb] + CR_G[cr]) >> SCALEBITS)));
            px[p + 2] = (byte) (255 - clamp(y + CB_B[cb]));
        }
    }

    /**
     * Adobe-convention (inverted) CMYK as libjpeg returns it → RGB, as PIL does: its JPEG plugin reads 4-channel
     * JPEGs with raw mode {@code "CMYK;I"} (inverting every channel), then {@code Convert.c}'s {@code cmyk2rgb}
     * computes {@code nk - c * nk / 255} with {@code nk = 255 - k} and its rounding {@code MULDIV255}.
     */
    public static byte[] invertedCmykToRgb(byte[] cmyk, int n) {
        byte[] rgb = new byte[n * 3];
        for (int i = 0, p = 0, o = 0; i < n; i++, p += 4, o += 3) {
            int nk = cmyk[p + 3] & 0xff; // 255 - (255 - stored k)
            for (int c = 0; c < 3; c++) {
                int trueC = 255 - (cmyk[p + c] & 0xff);
                rgb[o + c] = (byte) clamp(nk - mulDiv255(trueC, nk));
            }
        }
        return rgb;
    }

    private static int mulDiv255(int a, int b) {
        int tmp = a * b + 128;
        return ((tmp >> 8) + tmp) >> 8;
    }
}

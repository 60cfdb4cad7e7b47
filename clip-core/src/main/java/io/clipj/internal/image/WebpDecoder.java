package io.clipj.internal.image;

import io.clipj.image.RgbImage;
import io.clipj.internal.image.vp8.Vp8Decoder;
import io.clipj.internal.image.vp8.Vp8lDecoder;
import java.io.IOException;

/**
 * WebP decoded exactly as libwebp (hence PIL) decodes it. Lossless ({@code VP8L}) goes through our
 * {@link Vp8lDecoder} (several times faster than TwelveMonkeys' for the same pixels).
 * Lossy WebP (a {@code VP8 } chunk) is decoded to the same RGB as libwebp, which PIL uses: {@link Vp8Decoder}
 * reconstructs the Y, U and V planes bit-exactly, then libwebp's default output path interpolates chroma
 * ("fancy upsampling", {@code dsp/upsampling.c}) before its 14-bit YUV→RGB. TwelveMonkeys' own VP8 decoder is
 * not used for lossy data: it predicts from loop-filtered pixels and gets TrueMotion borders wrong, shifting
 * colours by up to 30 levels, and it upsamples chroma by repetition. An alpha chunk is ignored (PIL's
 * {@code convert("RGB")} drops alpha).
 *
 * <p>Stateless and thread-safe.
 */
public final class WebpDecoder {

    private WebpDecoder() {
    }

    /**
     * Offset of the payload of the first image chunk ({@code VP8 } or {@code VP8L}) in a RIFF/WEBP file, or -1
     * for an animation (left to the ImageIO reader, which takes the first frame) or malformed chunks.
     */
    public static int imageChunkOffset(byte[] b) {
        int p = 12;
        while (p + 8 <= b.length) {
            long len = (b[p + 4] & 0xffL) | (b[p + 5] & 0xffL) << 8 | (b[p + 6] & 0xffL) << 16 | (b[p + 7] & 0xffL) << 24;
            if (b[p] == 'V' && b[p + 1] == 'P' && b[p + 2] == '8' && (b[p + 3] == ' ' || b[p + 3] == 'L')) {
                return p + 8 + 10 <= b.length ? p + 8 : -1;
            }
            if (b[p] == 'A' && b[p + 1] == 'N' && b[p + 2] == 'M' && b[p + 3] == 'F') {
                return -1;
            }
            p += 8 + (int) Math.min(len + (len & 1), Integer.MAX_VALUE - 16);
        }
        return -1;
    }

    /** True when the image chunk at {@code off} (from {@link #imageChunkOffset}) is lossless. */
    public static boolean isLossless(byte[] b, int off) {
        return b[off - 5] == 'L';
    }

    private static int chunkLength(byte[] b, int off) {
        long len = (b[off - 4] & 0xffL) | (b[off - 3] & 0xffL) << 8 | (b[off - 2] & 0xffL) << 16
                | (b[off - 1] & 0xffL) << 24;
        return (int) Math.min(len, b.length - off);
    }

    /** A lossless chunk: ARGB with alpha dropped (PIL's {@code convert("RGB")}); at most {@code maxPixels}. */
    public static RgbImage decodeLossless(byte[] b, int off, long maxPixels) throws IOException {
        Vp8lDecoder.Argb img = Vp8lDecoder.decode(b, off, chunkLength(b, off), maxPixels);
        int[] argb = img.argb();
        byte[] rgb = new byte[argb.length * 3];
        for (int i = 0, o = 0; i < argb.length; i++) {
            int v = argb[i];
            rgb[o++] = (byte) (v >> 16);
            rgb[o++] = (byte) (v >> 8);
            rgb[o++] = (byte) v;
        }
        return new RgbImage(img.width(), img.height(), rgb);
    }

    /** A lossy chunk of at most {@code maxPixels}: YUV planes, then libwebp's fancy upsampling to RGB. */
    public static RgbImage decodeLossy(byte[] b, int off, long maxPixels) throws IOException {
        Vp8Decoder.Planes p = Vp8Decoder.decode(b, off, chunkLength(b, off), maxPixels);
        return new RgbImage(p.width(), p.height(), fancyUpsample(p.y(), p.u(), p.v(), p.width(), p.height()));
    }

    /**
     * libwebp's {@code EmitFancyRGB}: row 0 and (for even heights) the last row use one chroma row; every
     * other luma row blends its nearer chroma row 3:1 with the farther one, horizontally too (9-3-3-1 overall).
     */
    public static byte[] fancyUpsample(byte[] y, byte[] u, byte[] v, int w, int h) {
        byte[] out = new byte[w * h * 3];
        int cw = (w + 1) / 2;
        int ch = (h + 1) / 2;
        for (int row = 0; row < h; row++) {
            int near;
            int far;
            if (row == 0) {
                near = far = 0;
            } else if ((row & 1) == 1) {
                int k = (row + 1) >> 1;
                near = k - 1;
                far = k < ch ? k : k - 1;
            } else {
                near = row >> 1;
                far = near - 1;
            }
            upsampleRow(y, row * w, u, v, near * cw, far * cw, w, out, row * w * 3);
        }
        return out;
    }

    /**
     * One output row of libwebp's {@code UPSAMPLE_FUNC}, with {@code near} the chroma row weighted 3 and
     * {@code far} weighted 1 (libwebp's top/bottom roles). Lanes are computed separately: libwebp packs U and V
     * in one 32-bit word, but the bits that cross lanes are masked off, so the values are the same.
     */
    private static void upsampleRow(byte[] y, int yOff, byte[] u, byte[] v, int nearOff, int farOff, int len,
                                    byte[] out, int o) {
        int lastPair = (len - 1) >> 1;
        int nlU = u[nearOff] & 0xff;
        int flU = u[farOff] & 0xff;
        int nlV = v[nearOff] & 0xff;
        int flV = v[farOff] & 0xff;
        put(out, o, y[yOff] & 0xff, (3 * nlU + flU + 2) >> 2, (3 * nlV + flV + 2) >> 2);
        for (int x = 1; x <= lastPair; x++) {
            int nU = u[nearOff + x] & 0xff;
            int fU = u[farOff + x] & 0xff;
            int nV = v[nearOff + x] & 0xff;
            int fV = v[farOff + x] & 0xff;
            // libwebp: tl = near-left, t = near, l = far-left, uv = far (for the row nearer to "near")
            int avgU = nlU + nU + flU + fU + 8;
            int diag12U = (avgU + 2 * (nU + flU)) >> 3;
            int diag03U = (avgU + 2 * (nlU + fU)) >> 3;
            int avgV = nlV + nV + flV + fV + 8;
            int diag12V = (avgV + 2 * (nV + flV)) >> 3;
            int diag03V = (avgV + 2 * (nlV + fV)) >> 3;
            put(out, o + (2 * x - 1) * 3, y[yOff + 2 * x - 1] & 0xff, (diag12U + nlU) >> 1, (diag12V + nlV) >> 1);
            put(out, o + 2 * x * 3, y[yOff + 2 * x] & 0xff, (diag03U + nU) >> 1, (diag03V + nV) >> 1);
            nlU = nU;
            flU = fU;
            nlV = nV;
            flV = fV;
        }
        if ((len & 1) == 0) {
            put(out, o + (len - 1) * 3, y[yOff + len - 1] & 0xff, (3 * nlU + flU + 2) >> 2, (3 * nlV + flV + 2) >> 2);
        }
    }

    // libwebp dsp/yuv.h: 14-bit fixed point (YUV_FIX2 = 6 fractional bits after MultHi's >> 8)
    private static void put(byte[] out, int o, int y, int u, int v) {
        int yy = (y * 19077) >> 8;
        out[o] = (byte) clip(yy + ((v * 26149) >> 8) - 14234);
        out[o + 1] = (byte) clip(yy - ((u * 6419) >> 8) - ((v * 13320) >> 8) + 8708);
        out[o + 2] = (byte) clip(yy + ((u * 33050) >> 8) - 17685);
    }

    private static int clip(int v) {
        return (v & ~((256 << 6) - 1)) == 0 ? v >> 6 : v < 0 ? 0 : 255;
    }
}

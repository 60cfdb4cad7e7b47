package io.clipj.internal.image;

import io.clipj.image.PilFilter;

/**
 * Pillow's {@code Image.resize} for 8-bit RGB ({@code libImaging/Resample.c}, {@code ImagingResampleInner}),
 * reproduced bit for bit: per output pixel, kernel weights are computed in double around the source centre
 * {@code (i + 0.5) * scale}, with the support widened by the reduction factor when shrinking, normalised to
 * sum 1, then rounded to fixed point with 22 fractional bits ({@code PRECISION_BITS = 32 - 8 - 2}). The image
 * is filtered horizontally first (only the source rows the vertical pass will read), rounded and clamped to
 * 8 bits, then vertically; a pass whose size does not change is skipped.
 *
 * <p>Stateless and thread-safe; buffers are allocated per call, none per pixel.
 */
public final class PilResampler {

    private static final int PRECISION_BITS = 32 - 8 - 2;
    private static final int HALF = 1 << (PRECISION_BITS - 1);

    private PilResampler() {
    }

    /** Integer coefficient table of one axis: {@code ksize} weights per output index, and its source window. */
    private record Coefficients(int ksize, int[] weights, int[] start, int[] length) {
    }

    /**
     * Resizes interleaved RGB {@code src} ({@code [inH, inW, 3]}) to {@code [outH, outW, 3]}.
     */
    public static byte[] resize(byte[] src, int inW, int inH, int outW, int outH, PilFilter filter) {
        return resize(src, inW, inH, outW, outH, filter, 0, 0, outW, outH);
    }

    /**
     * The window {@code [y0, y0 + h) × [x0, x0 + w)} of the {@code [outH, outW, 3]} resize of {@code src}, computed
     * without the rest: every output pixel depends only on its own coefficients, so this equals resizing fully
     * and then cropping (how a centre crop after the resize costs a third less).
     */
    public static byte[] resize(byte[] src, int inW, int inH, int outW, int outH, PilFilter filter,
                                int x0, int y0, int w, int h) {
        if (outW <= 0 || outH <= 0) {
            throw new IllegalArgumentException("resize target must be positive, got " + outW + "x" + outH);
        }
        if (x0 < 0 || y0 < 0 || w <= 0 || h <= 0 || x0 + w > outW || y0 + h > outH) {
            throw new IllegalArgumentException("window " + w + "x" + h + "+" + x0 + "+" + y0 + " outside "
                    + outW + "x" + outH);
        }
        boolean needHorizontal = outW != inW;
        boolean needVertical = outH != inH;
        Coefficients vert = needVertical ? coefficients(inH, outH, filter) : null;
        // source rows the vertical pass reads (Pillow computes a superset; each row's values are the same)
        int first = needVertical ? vert.start[y0] : y0;
        int last = needVertical ? vert.start[y0 + h - 1] + vert.length[y0 + h - 1] : y0 + h;
        byte[] rows; // [last - first, w, 3]
        if (needHorizontal) {
            rows = horizontal(src, inW, first, last - first, x0, w, coefficients(inW, outW, filter));
        } else {
            rows = new byte[(last - first) * w * 3];
            for (int y = first; y < last; y++) {
                System.arraycopy(src, (y * inW + x0) * 3, rows, (y - first) * w * 3, w * 3);
            }
        }
        return needVertical ? vertical(rows, w, first, y0, h, vert) : rows;
    }

    private static Coefficients coefficients(int inSize, int outSize, PilFilter filter) {
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = filter.support() * filterScale;
        int ksize = (int) Math.ceil(support) * 2 + 1;
        int[] weights = new int[outSize * ksize];
        int[] start = new int[outSize];
        int[] length = new int[outSize];
        double[] k = new double[ksize];
        double ss = 1.0 / filterScale;
        for (int xx = 0; xx < outSize; xx++) {
            double center = (xx + 0.5) * scale;
            // C's (int) cast truncates toward zero, like Java's
            int xmin = Math.max((int) (center - support + 0.5), 0);
            int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
            double ww = 0.0;
            for (int x = 0; x < xmax; x++) {
                double wgt = filter.weight((x + xmin - center + 0.5) * ss);
                k[x] = wgt;
                ww += wgt;
            }
            for (int x = 0; x < xmax; x++) {
                double v = ww != 0.0 ? k[x] / ww : k[x];
                weights[xx * ksize + x] = v < 0
                        ? (int) (-0.5 + v * (1 << PRECISION_BITS))
                        : (int) (0.5 + v * (1 << PRECISION_BITS));
            }
            start[xx] = xmin;
            length[xx] = Math.max(xmax, 0);
        }
        return new Coefficients(ksize, weights, start, length);
    }

    // [rows, w, 3]: output columns [x0, x0 + w) of rows [firstRow, firstRow + rows) of [*, inW, 3]
    private static byte[] horizontal(byte[] src, int inW, int firstRow, int rows, int x0, int w, Coefficients c) {
        byte[] out = new byte[rows * w * 3];
        int[] kk = c.weights;
        int ksize = c.ksize;
        for (int y = 0; y < rows; y++) {
            int rowBase = (firstRow + y) * inW * 3;
            int o = y * w * 3;
            for (int xx = x0; xx < x0 + w; xx++) {
                int kb = xx * ksize;
                int n = c.length[xx];
                int p = rowBase + c.start[xx] * 3;
                int s0 = HALF;
                int s1 = HALF;
                int s2 = HALF;
                for (int x = 0; x < n; x++, p += 3) {
                    int wgt = kk[kb + x];
                    s0 += (src[p] & 0xff) * wgt;
                    s1 += (src[p + 1] & 0xff) * wgt;
                    s2 += (src[p + 2] & 0xff) * wgt;
                }
                out[o++] = clip8(s0);
                out[o++] = clip8(s1);
                out[o++] = clip8(s2);
            }
        }
        return out;
    }

    // [h, w, 3]: output rows [y0, y0 + h); source row r of a filter window is row (r - rowOffset) of src
    private static byte[] vertical(byte[] src, int w, int rowOffset, int y0, int h, Coefficients c) {
        int stride = w * 3;
        byte[] out = new byte[h * stride];
        int[] acc = new int[stride];
        int[] kk = c.weights;
        for (int yy = y0; yy < y0 + h; yy++) {
            java.util.Arrays.fill(acc, HALF);
            int kb = yy * c.ksize;
            int n = c.length[yy];
            int rowBase = (c.start[yy] - rowOffset) * stride;
            // row-major accumulation: same integer sums as Pillow's per-pixel loop, but streaming through memory
            for (int y = 0; y < n; y++) {
                int wgt = kk[kb + y];
                int p = rowBase + y * stride;
                for (int i = 0; i < stride; i++) {
                    acc[i] += (src[p + i] & 0xff) * wgt;
                }
            }
            int o = (yy - y0) * stride;
            for (int i = 0; i < stride; i++) {
                out[o + i] = clip8(acc[i]);
            }
        }
        return out;
    }

    private static byte clip8(int v) {
        int s = v >> PRECISION_BITS;
        return (byte) (s < 0 ? 0 : Math.min(s, 255));
    }
}

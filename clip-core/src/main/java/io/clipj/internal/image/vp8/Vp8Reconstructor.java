package io.clipj.internal.image.vp8;

import static io.clipj.internal.image.vp8.Vp8Predict.BPS;

import java.util.Arrays;

/**
 * Reconstructs macroblocks (prediction + inverse transforms) into full-frame Y, U, V planes, emulating libwebp's
 * work buffer ({@code frame_dec.c} {@code ReconstructRow}) so every border pixel matches: 127 above the frame,
 * 129 left of it, the above-right pixels of 4×4 prediction taken from the macroblock above-right (replicated
 * down the right column), then runs the loop filter over the frame in macroblock order.
 *
 * <p>Not thread-safe: one instance per decode.
 */
public final class Vp8Reconstructor {

    private static final int Y0 = BPS + 8;
    private static final int UV0 = BPS + 8;

    private final int mbW;
    private final int mbH;
    private final int yStride;
    private final int uvStride;
    private final byte[] yPlane;
    private final byte[] uPlane;
    private final byte[] vPlane;
    private final byte[] yb = new byte[BPS * 17];
    private final byte[] ub = new byte[BPS * 9];
    private final byte[] vb = new byte[BPS * 9];
    // unfiltered bottom rows of the previous macroblock row: [mbX * 16 + i]
    private final byte[] topY;
    private final byte[] topU;
    private final byte[] topV;
    // per macroblock: limit, interior limit, hev threshold, inner edges
    private final int[] fLimit;
    private final int[] fIlevel;
    private final int[] fHev;
    private final boolean[] fInner;

    public Vp8Reconstructor(int mbW, int mbH) {
        this.mbW = mbW;
        this.mbH = mbH;
        yStride = mbW * 16;
        uvStride = mbW * 8;
        yPlane = new byte[yStride * mbH * 16];
        uPlane = new byte[uvStride * mbH * 8];
        vPlane = new byte[uvStride * mbH * 8];
        topY = new byte[mbW * 16];
        topU = new byte[mbW * 8];
        topV = new byte[mbW * 8];
        fLimit = new int[mbW * mbH];
        fIlevel = new int[mbW * mbH];
        fHev = new int[mbW * mbH];
        fInner = new boolean[mbW * mbH];
    }

    public void setFilter(int mbX, int mbY, int limit, int ilevel, int hev, boolean inner) {
        int i = mbY * mbW + mbX;
        fLimit[i] = limit;
        fIlevel[i] = ilevel;
        fHev[i] = hev;
        fInner[i] = inner;
    }

    public void reconstructRow(int mbY, Vp8Macroblocks mbs) {
        for (int j = 0; j < 16; j++) {
            yb[Y0 + j * BPS - 1] = (byte) 129;
        }
        for (int j = 0; j < 8; j++) {
            ub[UV0 + j * BPS - 1] = (byte) 129;
            vb[UV0 + j * BPS - 1] = (byte) 129;
        }
        if (mbY > 0) {
            yb[Y0 - 1 - BPS] = (byte) 129;
            ub[UV0 - 1 - BPS] = (byte) 129;
            vb[UV0 - 1 - BPS] = (byte) 129;
        } else {
            Arrays.fill(yb, Y0 - BPS - 1, Y0 - BPS - 1 + 21, (byte) 127);
            Arrays.fill(ub, UV0 - BPS - 1, UV0 - BPS - 1 + 9, (byte) 127);
            Arrays.fill(vb, UV0 - BPS - 1, UV0 - BPS - 1 + 9, (byte) 127);
        }
        for (int mbX = 0; mbX < mbW; mbX++) {
            if (mbX > 0) {
                // the previous block's right columns (and its top row's end) become the left border
                for (int j = -1; j < 16; j++) {
                    System.arraycopy(yb, Y0 + j * BPS + 12, yb, Y0 + j * BPS - 4, 4);
                }
                for (int j = -1; j < 8; j++) {
                    System.arraycopy(ub, UV0 + j * BPS + 4, ub, UV0 + j * BPS - 4, 4);
                    System.arraycopy(vb, UV0 + j * BPS + 4, vb, UV0 + j * BPS - 4, 4);
                }
            }
            if (mbY > 0) {
                System.arraycopy(topY, mbX * 16, yb, Y0 - BPS, 16);
                System.arraycopy(topU, mbX * 8, ub, UV0 - BPS, 8);
                System.arraycopy(topV, mbX * 8, vb, UV0 - BPS, 8);
            }
            short[] coeffs = mbs.coeffs[mbX];
            boolean[] nz = mbs.nonZero[mbX];
            int[] modes = mbs.modes(mbX);
            if (mbs.isI4x4(mbX)) {
                int topRight = Y0 - BPS + 16;
                if (mbY > 0) {
                    if (mbX >= mbW - 1) {
                        Arrays.fill(yb, topRight, topRight + 4, topY[mbX * 16 + 15]);
                    } else {
                        System.arraycopy(topY, (mbX + 1) * 16, yb, topRight, 4);
                    }
                }
                for (int k = 1; k <= 3; k++) {
                    System.arraycopy(yb, topRight, yb, topRight + k * 4 * BPS, 4);
                }
                for (int n = 0; n < 16; n++) {
                    int d = Y0 + (n & 3) * 4 + (n >> 2) * 4 * BPS;
                    Vp8Predict4.predict(yb, d, modes[n]);
                    if (nz[n]) {
                        Vp8Idct.addIdct(coeffs, n * 16, yb, d, BPS);
                    }
                }
            } else {
                Vp8Predict.predictBlock(yb, Y0, 16, Vp8Predict.checkMode(mbX, mbY, modes[0]));
                for (int n = 0; n < 16; n++) {
                    if (nz[n]) {
                        Vp8Idct.addIdct(coeffs, n * 16, yb, Y0 + (n & 3) * 4 + (n >> 2) * 4 * BPS, BPS);
                    }
                }
            }
            int uvMode = Vp8Predict.checkMode(mbX, mbY, mbs.uvMode(mbX));
            Vp8Predict.predictBlock(ub, UV0, 8, uvMode);
            Vp8Predict.predictBlock(vb, UV0, 8, uvMode);
            for (int n = 0; n < 4; n++) {
                int d = UV0 + (n & 1) * 4 + (n >> 1) * 4 * BPS;
                if (nz[16 + n]) {
                    Vp8Idct.addIdct(coeffs, (16 + n) * 16, ub, d, BPS);
                }
                if (nz[20 + n]) {
                    Vp8Idct.addIdct(coeffs, (20 + n) * 16, vb, d, BPS);
                }
            }
            if (mbY < mbH - 1) {
                System.arraycopy(yb, Y0 + 15 * BPS, topY, mbX * 16, 16);
                System.arraycopy(ub, UV0 + 7 * BPS, topU, mbX * 8, 8);
                System.arraycopy(vb, UV0 + 7 * BPS, topV, mbX * 8, 8);
            }
            for (int j = 0; j < 16; j++) {
                System.arraycopy(yb, Y0 + j * BPS, yPlane, (mbY * 16 + j) * yStride + mbX * 16, 16);
            }
            for (int j = 0; j < 8; j++) {
                System.arraycopy(ub, UV0 + j * BPS, uPlane, (mbY * 8 + j) * uvStride + mbX * 8, 8);
                System.arraycopy(vb, UV0 + j * BPS, vPlane, (mbY * 8 + j) * uvStride + mbX * 8, 8);
            }
        }
    }

    /** libwebp's {@code DoFilter} for every macroblock, in raster order. */
    public void loopFilter(boolean simple) {
        for (int mbY = 0; mbY < mbH; mbY++) {
            for (int mbX = 0; mbX < mbW; mbX++) {
                int i = mbY * mbW + mbX;
                int limit = fLimit[i];
                if (limit == 0) {
                    continue;
                }
                int ilevel = fIlevel[i];
                int hev = fHev[i];
                boolean inner = fInner[i];
                int y = mbY * 16 * yStride + mbX * 16;
                if (simple) {
                    if (mbX > 0) {
                        Vp8LoopFilter.simple(yPlane, y, 1, yStride, limit + 4);
                    }
                    if (inner) {
                        for (int k = 1; k <= 3; k++) {
                            Vp8LoopFilter.simple(yPlane, y + 4 * k, 1, yStride, limit);
                        }
                    }
                    if (mbY > 0) {
                        Vp8LoopFilter.simple(yPlane, y, yStride, 1, limit + 4);
                    }
                    if (inner) {
                        for (int k = 1; k <= 3; k++) {
                            Vp8LoopFilter.simple(yPlane, y + 4 * k * yStride, yStride, 1, limit);
                        }
                    }
                    continue;
                }
                int c = mbY * 8 * uvStride + mbX * 8;
                if (mbX > 0) {
                    Vp8LoopFilter.normal(yPlane, y, 1, yStride, 16, limit + 4, ilevel, hev, false);
                    Vp8LoopFilter.normal(uPlane, c, 1, uvStride, 8, limit + 4, ilevel, hev, false);
                    Vp8LoopFilter.normal(vPlane, c, 1, uvStride, 8, limit + 4, ilevel, hev, false);
                }
                if (inner) {
                    for (int k = 1; k <= 3; k++) {
                        Vp8LoopFilter.normal(yPlane, y + 4 * k, 1, yStride, 16, limit, ilevel, hev, true);
                    }
                    Vp8LoopFilter.normal(uPlane, c + 4, 1, uvStride, 8, limit, ilevel, hev, true);
                    Vp8LoopFilter.normal(vPlane, c + 4, 1, uvStride, 8, limit, ilevel, hev, true);
                }
                if (mbY > 0) {
                    Vp8LoopFilter.normal(yPlane, y, yStride, 1, 16, limit + 4, ilevel, hev, false);
                    Vp8LoopFilter.normal(uPlane, c, uvStride, 1, 8, limit + 4, ilevel, hev, false);
                    Vp8LoopFilter.normal(vPlane, c, uvStride, 1, 8, limit + 4, ilevel, hev, false);
                }
                if (inner) {
                    for (int k = 1; k <= 3; k++) {
                        Vp8LoopFilter.normal(yPlane, y + 4 * k * yStride, yStride, 1, 16, limit, ilevel, hev, true);
                    }
                    Vp8LoopFilter.normal(uPlane, c + 4 * uvStride, uvStride, 1, 8, limit, ilevel, hev, true);
                    Vp8LoopFilter.normal(vPlane, c + 4 * uvStride, uvStride, 1, 8, limit, ilevel, hev, true);
                }
            }
        }
    }

    /** The visible {@code width × height} part of the planes, packed. */
    public Vp8Decoder.Planes planes(int width, int height) {
        int cw = (width + 1) / 2;
        int ch = (height + 1) / 2;
        byte[] y = new byte[width * height];
        byte[] u = new byte[cw * ch];
        byte[] v = new byte[cw * ch];
        for (int r = 0; r < height; r++) {
            System.arraycopy(yPlane, r * yStride, y, r * width, width);
        }
        for (int r = 0; r < ch; r++) {
            System.arraycopy(uPlane, r * uvStride, u, r * cw, cw);
            System.arraycopy(vPlane, r * uvStride, v, r * cw, cw);
        }
        return new Vp8Decoder.Planes(width, height, y, u, v);
    }
}

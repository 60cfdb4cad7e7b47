package io.clipj.internal.image.vp8;

/**
 * Per-row macroblock syntax of a VP8 key frame (libwebp {@code tree_dec.c} {@code ParseIntraMode} and
 * {@code vp8_dec.c} {@code ParseResiduals}): segment, skip flag and intra modes from the first partition, then
 * the dequantised DCT coefficients from the row's token partition, with the above/left non-zero contexts.
 *
 * <p>Not thread-safe: one instance per decode.
 */
public final class Vp8Macroblocks {

    private final int mbW;
    private final int[] proba;
    private final int[][] dq;
    private final int[] segProba;
    private final boolean updateMap;
    private final boolean useSkipProba;
    private final int skipProba;

    // per macroblock of the current row
    private final int[] segment;
    private final boolean[] skip;
    private final boolean[] i4x4;
    private final int[][] modes;
    private final int[] uvMode;
    /** [mbX][384]: 16 luma blocks, 4 U, 4 V, 16 coefficients each (natural order). */
    public final short[][] coeffs;
    /** [mbX][24]: whether each block has any non-zero coefficient. */
    public final boolean[][] nonZero;

    // contexts: intra modes above (4 per mb) and left (4); non-zero flags above (9 per mb: 4 y, 2 u, 2 v, dc) and left
    private final int[] intraTop;
    private final int[] intraLeft = new int[4];
    private final int[] nzTop;
    private final int[] nzLeft = new int[9];

    private final short[] dc = new short[16];

    Vp8Macroblocks(int mbW, int mbH, int[] proba, int[][] dq, int[] segProba, boolean updateMap,
                   boolean useSkipProba, int skipProba) {
        this.mbW = mbW;
        this.proba = proba;
        this.dq = dq;
        this.segProba = segProba;
        this.updateMap = updateMap;
        this.useSkipProba = useSkipProba;
        this.skipProba = skipProba;
        segment = new int[mbW];
        skip = new boolean[mbW];
        i4x4 = new boolean[mbW];
        modes = new int[mbW][16];
        uvMode = new int[mbW];
        coeffs = new short[mbW][384];
        nonZero = new boolean[mbW][24];
        intraTop = new int[4 * mbW];
        nzTop = new int[9 * mbW];
    }

    public int segment(int mbX) {
        return segment[mbX];
    }

    public boolean isI4x4(int mbX) {
        return i4x4[mbX];
    }

    public int[] modes(int mbX) {
        return modes[mbX];
    }

    public int uvMode(int mbX) {
        return uvMode[mbX];
    }

    /** True when any of the macroblock's 24 blocks has a non-zero coefficient. */
    public boolean hasCoefficients(int mbX) {
        for (boolean b : nonZero[mbX]) {
            if (b) {
                return true;
            }
        }
        return false;
    }

    /** Intra modes of every macroblock of the next row (first partition). */
    public void parseModeRow(Vp8BoolDecoder br) {
        for (int mbX = 0; mbX < mbW; mbX++) {
            segment[mbX] = !updateMap ? 0
                    : br.bit(segProba[0]) == 0 ? br.bit(segProba[1]) : br.bit(segProba[2]) + 2;
            skip[mbX] = useSkipProba && br.bit(skipProba) == 1;
            i4x4[mbX] = br.bit(145) == 0;
            int t = 4 * mbX;
            if (!i4x4[mbX]) {
                int ymode = br.bit(156) == 1
                        ? (br.bit(128) == 1 ? Vp8Predict.B_TM_PRED : Vp8Predict.B_HE_PRED)
                        : (br.bit(163) == 1 ? Vp8Predict.B_VE_PRED : Vp8Predict.B_DC_PRED);
                modes[mbX][0] = ymode;
                java.util.Arrays.fill(intraTop, t, t + 4, ymode);
                java.util.Arrays.fill(intraLeft, ymode);
            } else {
                for (int y = 0; y < 4; y++) {
                    int ymode = intraLeft[y];
                    for (int x = 0; x < 4; x++) {
                        int pb = (intraTop[t + x] * 10 + ymode) * 9;
                        int i = Vp8Tables.YMODES_INTRA4[br.bit(Vp8Tables.BMODES_PROBA[pb])];
                        while (i > 0) {
                            i = Vp8Tables.YMODES_INTRA4[2 * i + br.bit(Vp8Tables.BMODES_PROBA[pb + i])];
                        }
                        ymode = -i;
                        intraTop[t + x] = ymode;
                        modes[mbX][y * 4 + x] = ymode;
                    }
                    intraLeft[y] = ymode;
                }
            }
            uvMode[mbX] = br.bit(142) == 0 ? Vp8Predict.B_DC_PRED
                    : br.bit(114) == 0 ? Vp8Predict.B_VE_PRED
                    : br.bit(183) == 1 ? Vp8Predict.B_TM_PRED : Vp8Predict.B_HE_PRED;
        }
    }

    /** Start of a new row: left contexts reset. */
    public void endRow() {
        java.util.Arrays.fill(intraLeft, Vp8Predict.B_DC_PRED);
        java.util.Arrays.fill(nzLeft, 0);
    }

    /** Coefficients of macroblock {@code mbX} of the current row (token partition). */
    public void parseResiduals(Vp8BoolDecoder br, int mbX) {
        short[] out = coeffs[mbX];
        boolean[] nz = nonZero[mbX];
        java.util.Arrays.fill(out, (short) 0);
        java.util.Arrays.fill(nz, false);
        int t = 9 * mbX;
        if (skip[mbX]) {
            for (int i = 0; i < 8; i++) {
                nzTop[t + i] = 0;
                nzLeft[i] = 0;
            }
            if (!i4x4[mbX]) {
                nzTop[t + 8] = 0;
                nzLeft[8] = 0;
            }
            return;
        }
        int[] q = dq[segment[mbX]];
        int first;
        int acType;
        if (!i4x4[mbX]) {
            java.util.Arrays.fill(dc, (short) 0);
            int n = coefficients(br, 1, nzTop[t + 8] + nzLeft[8], q[2], q[3], 0, dc, 0);
            nzTop[t + 8] = nzLeft[8] = n > 0 ? 1 : 0;
            Vp8Idct.inverseWht(dc, out);
            first = 1;
            acType = 0;
        } else {
            first = 0;
            acType = 3;
        }
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                int b = y * 4 + x;
                int ctx = nzLeft[y] + nzTop[t + x];
                int n = coefficients(br, acType, ctx, q[0], q[1], first, out, b * 16);
                int flag = n > first ? 1 : 0;
                nzLeft[y] = flag;
                nzTop[t + x] = flag;
                nz[b] = n > 1 || out[b * 16] != 0;
            }
        }
        for (int ch = 0; ch < 2; ch++) {
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 2; x++) {
                    int b = 16 + ch * 4 + y * 2 + x;
                    int ctx = nzLeft[4 + ch * 2 + y] + nzTop[t + 4 + ch * 2 + x];
                    int n = coefficients(br, 2, ctx, q[4], q[5], 0, out, b * 16);
                    int flag = n > 0 ? 1 : 0;
                    nzLeft[4 + ch * 2 + y] = flag;
                    nzTop[t + 4 + ch * 2 + x] = flag;
                    nz[b] = n > 1 || out[b * 16] != 0;
                }
            }
        }
    }

    private int probaBase(int type, int band, int ctx) {
        return ((type * 8 + band) * 3 + ctx) * 11;
    }

    /** libwebp's {@code GetCoeffs}: returns the index after the last non-zero coefficient. */
    private int coefficients(Vp8BoolDecoder br, int type, int ctx, int dq0, int dq1, int n, short[] out, int o) {
        int p = probaBase(type, Vp8Tables.BANDS[n], ctx);
        for (; n < 16; n++) {
            if (br.bit(proba[p]) == 0) {
                return n;
            }
            while (br.bit(proba[p + 1]) == 0) {
                n++;
                p = probaBase(type, Vp8Tables.BANDS[n], 0);
                if (n == 16) {
                    return 16;
                }
            }
            int v;
            int nextBand = Vp8Tables.BANDS[n + 1];
            if (br.bit(proba[p + 2]) == 0) {
                v = 1;
                p = probaBase(type, nextBand, 1);
            } else {
                v = largeValue(br, p);
                p = probaBase(type, nextBand, 2);
            }
            // int16 storage, as libwebp's coefficient buffer
            out[o + Vp8Tables.ZIGZAG[n]] = (short) (br.signed(v) * (n > 0 ? dq1 : dq0));
        }
        return 16;
    }

    private int largeValue(Vp8BoolDecoder br, int p) {
        int v;
        if (br.bit(proba[p + 3]) == 0) {
            v = br.bit(proba[p + 4]) == 0 ? 2 : 3 + br.bit(proba[p + 5]);
        } else if (br.bit(proba[p + 6]) == 0) {
            if (br.bit(proba[p + 7]) == 0) {
                v = 5 + br.bit(159);
            } else {
                v = 7 + 2 * br.bit(165);
                v += br.bit(145);
            }
        } else {
            int bit1 = br.bit(proba[p + 8]);
            int bit0 = br.bit(proba[p + 9 + bit1]);
            int cat = 2 * bit1 + bit0;
            v = 0;
            for (int pr : Vp8Tables.CAT3456[cat]) {
                v += v + br.bit(pr);
            }
            v += 3 + (8 << cat);
        }
        return v;
    }
}

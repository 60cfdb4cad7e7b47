package io.clipj.internal.image.vp8;

import static io.clipj.internal.image.vp8.Vp8Predict.BPS;
import static io.clipj.internal.image.vp8.Vp8Predict.B_DC_PRED;
import static io.clipj.internal.image.vp8.Vp8Predict.B_HD_PRED;
import static io.clipj.internal.image.vp8.Vp8Predict.B_HE_PRED;
import static io.clipj.internal.image.vp8.Vp8Predict.B_HU_PRED;
import static io.clipj.internal.image.vp8.Vp8Predict.B_LD_PRED;
import static io.clipj.internal.image.vp8.Vp8Predict.B_RD_PRED;
import static io.clipj.internal.image.vp8.Vp8Predict.B_TM_PRED;
import static io.clipj.internal.image.vp8.Vp8Predict.B_VE_PRED;
import static io.clipj.internal.image.vp8.Vp8Predict.B_VL_PRED;
import static io.clipj.internal.image.vp8.Vp8Predict.B_VR_PRED;

/**
 * VP8's ten 4×4 luma intra predictors (RFC 6386 §12.3) as libwebp computes them ({@code dsp/dec.c}), in the
 * {@link Vp8Predict#BPS}-stride work buffer; the row above each block extends four pixels to the right.
 *
 * <p>Stateless and thread-safe.
 */
public final class Vp8Predict4 {

    private Vp8Predict4() {
    }

    private static int u(byte[] b, int i) {
        return b[i] & 0xff;
    }

    private static int avg3(int a, int b, int c) {
        return (a + 2 * b + c + 2) >> 2;
    }

    private static int avg2(int a, int b) {
        return (a + b + 1) >> 1;
    }

    private static void put(byte[] b, int d, int x, int y, int v) {
        b[d + x + y * BPS] = (byte) v;
    }

    /** 4×4 luma prediction at {@code d}; the row above extends 4 pixels to the right (above-right). */
    public static void predict(byte[] b, int d, int mode) {
        int top = d - BPS;
        switch (mode) {
            case B_DC_PRED -> {
                int dc = 4;
                for (int i = 0; i < 4; i++) {
                    dc += u(b, top + i) + u(b, d - 1 + i * BPS);
                }
                Vp8Predict.fill(b, d, 4, dc >> 3);
            }
            case B_TM_PRED -> Vp8Predict.trueMotion(b, d, 4);
            case B_VE_PRED -> {
                for (int x = 0; x < 4; x++) {
                    int v = avg3(u(b, top + x - 1), u(b, top + x), u(b, top + x + 1));
                    for (int y = 0; y < 4; y++) {
                        put(b, d, x, y, v);
                    }
                }
            }
            case B_HE_PRED -> {
                int a = u(b, d - 1 - BPS);
                int bb = u(b, d - 1);
                int c = u(b, d - 1 + BPS);
                int dd = u(b, d - 1 + 2 * BPS);
                int e = u(b, d - 1 + 3 * BPS);
                int[] rows = {avg3(a, bb, c), avg3(bb, c, dd), avg3(c, dd, e), avg3(dd, e, e)};
                for (int y = 0; y < 4; y++) {
                    java.util.Arrays.fill(b, d + y * BPS, d + y * BPS + 4, (byte) rows[y]);
                }
            }
            default -> predict4Diagonal(b, d, mode);
        }
    }

    private static void predict4Diagonal(byte[] b, int d, int mode) {
        int top = d - BPS;
        int i = u(b, d - 1);
        int j = u(b, d - 1 + BPS);
        int k = u(b, d - 1 + 2 * BPS);
        int l = u(b, d - 1 + 3 * BPS);
        int x = u(b, top - 1);
        int a = u(b, top);
        int bb = u(b, top + 1);
        int c = u(b, top + 2);
        int dd = u(b, top + 3);
        int e = u(b, top + 4);
        int f = u(b, top + 5);
        int g = u(b, top + 6);
        int h = u(b, top + 7);
        switch (mode) {
            case B_RD_PRED -> {
                put(b, d, 0, 3, avg3(j, k, l));
                int v = avg3(i, j, k);
                put(b, d, 1, 3, v);
                put(b, d, 0, 2, v);
                v = avg3(x, i, j);
                put(b, d, 2, 3, v);
                put(b, d, 1, 2, v);
                put(b, d, 0, 1, v);
                v = avg3(a, x, i);
                put(b, d, 3, 3, v);
                put(b, d, 2, 2, v);
                put(b, d, 1, 1, v);
                put(b, d, 0, 0, v);
                v = avg3(bb, a, x);
                put(b, d, 3, 2, v);
                put(b, d, 2, 1, v);
                put(b, d, 1, 0, v);
                v = avg3(c, bb, a);
                put(b, d, 3, 1, v);
                put(b, d, 2, 0, v);
                put(b, d, 3, 0, avg3(dd, c, bb));
            }
            case B_LD_PRED -> {
                put(b, d, 0, 0, avg3(a, bb, c));
                int v = avg3(bb, c, dd);
                put(b, d, 1, 0, v);
                put(b, d, 0, 1, v);
                v = avg3(c, dd, e);
                put(b, d, 2, 0, v);
                put(b, d, 1, 1, v);
                put(b, d, 0, 2, v);
                v = avg3(dd, e, f);
                put(b, d, 3, 0, v);
                put(b, d, 2, 1, v);
                put(b, d, 1, 2, v);
                put(b, d, 0, 3, v);
                v = avg3(e, f, g);
                put(b, d, 3, 1, v);
                put(b, d, 2, 2, v);
                put(b, d, 1, 3, v);
                v = avg3(f, g, h);
                put(b, d, 3, 2, v);
                put(b, d, 2, 3, v);
                put(b, d, 3, 3, avg3(g, h, h));
            }
            case B_VR_PRED -> {
                int v = avg2(x, a);
                put(b, d, 0, 0, v);
                put(b, d, 1, 2, v);
                v = avg2(a, bb);
                put(b, d, 1, 0, v);
                put(b, d, 2, 2, v);
                v = avg2(bb, c);
                put(b, d, 2, 0, v);
                put(b, d, 3, 2, v);
                put(b, d, 3, 0, avg2(c, dd));
                put(b, d, 0, 3, avg3(k, j, i));
                put(b, d, 0, 2, avg3(j, i, x));
                v = avg3(i, x, a);
                put(b, d, 0, 1, v);
                put(b, d, 1, 3, v);
                v = avg3(x, a, bb);
                put(b, d, 1, 1, v);
                put(b, d, 2, 3, v);
                v = avg3(a, bb, c);
                put(b, d, 2, 1, v);
                put(b, d, 3, 3, v);
                put(b, d, 3, 1, avg3(bb, c, dd));
            }
            case B_VL_PRED -> {
                put(b, d, 0, 0, avg2(a, bb));
                int v = avg2(bb, c);
                put(b, d, 1, 0, v);
                put(b, d, 0, 2, v);
                v = avg2(c, dd);
                put(b, d, 2, 0, v);
                put(b, d, 1, 2, v);
                v = avg2(dd, e);
                put(b, d, 3, 0, v);
                put(b, d, 2, 2, v);
                put(b, d, 0, 1, avg3(a, bb, c));
                v = avg3(bb, c, dd);
                put(b, d, 1, 1, v);
                put(b, d, 0, 3, v);
                v = avg3(c, dd, e);
                put(b, d, 2, 1, v);
                put(b, d, 1, 3, v);
                v = avg3(dd, e, f);
                put(b, d, 3, 1, v);
                put(b, d, 2, 3, v);
                put(b, d, 3, 2, avg3(e, f, g));
                put(b, d, 3, 3, avg3(f, g, h));
            }
            case B_HU_PRED -> {
                put(b, d, 0, 0, avg2(i, j));
                int v = avg2(j, k);
                put(b, d, 2, 0, v);
                put(b, d, 0, 1, v);
                v = avg2(k, l);
                put(b, d, 2, 1, v);
                put(b, d, 0, 2, v);
                put(b, d, 1, 0, avg3(i, j, k));
                v = avg3(j, k, l);
                put(b, d, 3, 0, v);
                put(b, d, 1, 1, v);
                v = avg3(k, l, l);
                put(b, d, 3, 1, v);
                put(b, d, 1, 2, v);
                put(b, d, 3, 2, l);
                put(b, d, 2, 2, l);
                put(b, d, 0, 3, l);
                put(b, d, 1, 3, l);
                put(b, d, 2, 3, l);
                put(b, d, 3, 3, l);
            }
            case B_HD_PRED -> {
                int v = avg2(i, x);
                put(b, d, 0, 0, v);
                put(b, d, 2, 1, v);
                v = avg2(j, i);
                put(b, d, 0, 1, v);
                put(b, d, 2, 2, v);
                v = avg2(k, j);
                put(b, d, 0, 2, v);
                put(b, d, 2, 3, v);
                put(b, d, 0, 3, avg2(l, k));
                put(b, d, 3, 0, avg3(a, bb, c));
                put(b, d, 2, 0, avg3(x, a, bb));
                v = avg3(i, x, a);
                put(b, d, 1, 0, v);
                put(b, d, 3, 1, v);
                v = avg3(j, i, x);
                put(b, d, 1, 1, v);
                put(b, d, 3, 2, v);
                v = avg3(k, j, i);
                put(b, d, 1, 2, v);
                put(b, d, 3, 3, v);
                put(b, d, 1, 3, avg3(l, k, j));
            }
            default -> throw new IllegalArgumentException("bad VP8 4x4 mode " + mode);
        }
    }
}

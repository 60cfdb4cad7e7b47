package io.clipj.internal.image.vp8;

/**
 * VP8's 16×16 luma and 8×8 chroma intra predictors (RFC 6386 §12; 4×4 ones in {@link Vp8Predict4}) as libwebp
 * computes them, writing into a work buffer with row stride
 * {@link #BPS} whose row above and column left of each block hold the neighbouring (unfiltered) pixels.
 *
 * <p>Stateless and thread-safe.
 */
public final class Vp8Predict {

    public static final int BPS = 32;

    public static final int B_DC_PRED = 0;
    public static final int B_TM_PRED = 1;
    public static final int B_VE_PRED = 2;
    public static final int B_HE_PRED = 3;
    public static final int B_RD_PRED = 4;
    public static final int B_VR_PRED = 5;
    public static final int B_LD_PRED = 6;
    public static final int B_VL_PRED = 7;
    public static final int B_HD_PRED = 8;
    public static final int B_HU_PRED = 9;
    /** DC variants used at the frame's top and left borders (libwebp's {@code CheckMode}). */
    public static final int DC_NO_TOP = 10;
    public static final int DC_NO_LEFT = 11;
    public static final int DC_NO_TOP_LEFT = 12;

    private Vp8Predict() {
    }

    private static int u(byte[] b, int i) {
        return b[i] & 0xff;
    }

    public static void fill(byte[] b, int d, int size, int v) {
        for (int y = 0; y < size; y++) {
            java.util.Arrays.fill(b, d + y * BPS, d + y * BPS + size, (byte) v);
        }
    }

    /** The mode actually used by a 16×16 or chroma block at macroblock ({@code mbX}, {@code mbY}). */
    public static int checkMode(int mbX, int mbY, int mode) {
        if (mode == B_DC_PRED) {
            if (mbX == 0) {
                return mbY == 0 ? DC_NO_TOP_LEFT : DC_NO_LEFT;
            }
            return mbY == 0 ? DC_NO_TOP : B_DC_PRED;
        }
        return mode;
    }

    /** 16×16 luma ({@code size} 16) or 8×8 chroma ({@code size} 8) prediction at {@code d}. */
    public static void predictBlock(byte[] b, int d, int size, int mode) {
        int shift = size == 16 ? 4 : 3;
        switch (mode) {
            case B_DC_PRED -> {
                int dc = size;
                for (int j = 0; j < size; j++) {
                    dc += u(b, d - 1 + j * BPS) + u(b, d + j - BPS);
                }
                fill(b, d, size, dc >> (shift + 1));
            }
            case DC_NO_TOP -> {
                int dc = size >> 1;
                for (int j = 0; j < size; j++) {
                    dc += u(b, d - 1 + j * BPS);
                }
                fill(b, d, size, dc >> shift);
            }
            case DC_NO_LEFT -> {
                int dc = size >> 1;
                for (int j = 0; j < size; j++) {
                    dc += u(b, d + j - BPS);
                }
                fill(b, d, size, dc >> shift);
            }
            case DC_NO_TOP_LEFT -> fill(b, d, size, 0x80);
            case B_TM_PRED -> trueMotion(b, d, size);
            case B_VE_PRED -> {
                for (int y = 0; y < size; y++) {
                    System.arraycopy(b, d - BPS, b, d + y * BPS, size);
                }
            }
            case B_HE_PRED -> {
                for (int y = 0; y < size; y++) {
                    java.util.Arrays.fill(b, d + y * BPS, d + y * BPS + size, b[d + y * BPS - 1]);
                }
            }
            default -> throw new IllegalArgumentException("bad VP8 block mode " + mode);
        }
    }

    public static void trueMotion(byte[] b, int d, int size) {
        int topLeft = u(b, d - BPS - 1);
        for (int y = 0; y < size; y++) {
            int left = u(b, d + y * BPS - 1);
            for (int x = 0; x < size; x++) {
                int v = u(b, d - BPS + x) + left - topLeft;
                b[d + y * BPS + x] = (byte) (v < 0 ? 0 : Math.min(v, 255));
            }
        }
    }

    private static void put(byte[] b, int d, int x, int y, int v) {
        b[d + x + y * BPS] = (byte) v;
    }
}

package io.clipj.internal.image.vp8;

/**
 * VP8's inverse transforms (RFC 6386 §14.3, §14.4), in libwebp's exact integer form: the 4×4 inverse DCT added
 * onto a prediction with clamping, and the inverse Walsh–Hadamard transform of the luma DC block.
 *
 * <p>Stateless and thread-safe.
 */
public final class Vp8Idct {

    private Vp8Idct() {
    }

    private static int mul1(int a) {
        return ((a * 20091) >> 16) + a;
    }

    private static int mul2(int a) {
        return (a * 35468) >> 16;
    }

    /** Adds the inverse DCT of {@code in[off..off+16)} to the 4×4 block at {@code dst[d]} (row stride {@code bps}). */
    public static void addIdct(short[] in, int off, byte[] dst, int d, int bps) {
        int[] tmp = new int[16];
        for (int i = 0, t = 0; i < 4; i++, t += 4) {
            int i0 = in[off + i];
            int i4 = in[off + 4 + i];
            int i8 = in[off + 8 + i];
            int i12 = in[off + 12 + i];
            int a = i0 + i8;
            int b = i0 - i8;
            int c = mul2(i4) - mul1(i12);
            int e = mul1(i4) + mul2(i12);
            tmp[t] = a + e;
            tmp[t + 1] = b + c;
            tmp[t + 2] = b - c;
            tmp[t + 3] = a - e;
        }
        for (int i = 0; i < 4; i++, d += bps) {
            int dc = tmp[i] + 4;
            int a = dc + tmp[8 + i];
            int b = dc - tmp[8 + i];
            int c = mul2(tmp[4 + i]) - mul1(tmp[12 + i]);
            int e = mul1(tmp[4 + i]) + mul2(tmp[12 + i]);
            store(dst, d, a + e);
            store(dst, d + 1, b + c);
            store(dst, d + 2, b - c);
            store(dst, d + 3, a - e);
        }
    }

    private static void store(byte[] dst, int i, int v) {
        int x = (dst[i] & 0xff) + (v >> 3);
        dst[i] = (byte) (x < 0 ? 0 : Math.min(x, 255));
    }

    /** Inverse WHT of the 16 luma DCs {@code in}, writing each into coefficient 0 of the 16 blocks of {@code out}. */
    public static void inverseWht(short[] in, short[] out) {
        int[] tmp = new int[16];
        for (int i = 0; i < 4; i++) {
            int a0 = in[i] + in[12 + i];
            int a1 = in[4 + i] + in[8 + i];
            int a2 = in[4 + i] - in[8 + i];
            int a3 = in[i] - in[12 + i];
            tmp[i] = a0 + a1;
            tmp[8 + i] = a0 - a1;
            tmp[4 + i] = a3 + a2;
            tmp[12 + i] = a3 - a2;
        }
        for (int i = 0, o = 0; i < 4; i++, o += 64) {
            int dc = tmp[i * 4] + 3;
            int a0 = dc + tmp[3 + i * 4];
            int a1 = tmp[1 + i * 4] + tmp[2 + i * 4];
            int a2 = tmp[1 + i * 4] - tmp[2 + i * 4];
            int a3 = dc - tmp[3 + i * 4];
            out[o] = (short) ((a0 + a1) >> 3);
            out[o + 16] = (short) ((a3 + a2) >> 3);
            out[o + 32] = (short) ((a0 - a1) >> 3);
            out[o + 48] = (short) ((a3 - a2) >> 3);
        }
    }
}

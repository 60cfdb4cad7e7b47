package io.clipj.weights.internal;

/**
 * Exact conversions between float32 and the two 16-bit float formats checkpoints use: IEEE 754
 * binary16 ({@code F16}, torch {@code float16}) and bfloat16 ({@code BF16}).
 *
 * <p>Java 17 has no {@code Float.float16ToFloat} (it arrived in Java 20), hence this class. Widening is
 * exact (every 16-bit value is a float32); narrowing rounds to nearest, ties to even, as numpy and torch do.
 *
 * <p>Stateless and thread-safe.
 */
public final class HalfFloats {

    /** float32 value of every binary16 bit pattern: a 256 KiB table beats branching per element. */
    private static final float[] F16_TO_F32 = new float[1 << 16];

    static {
        for (int bits = 0; bits < F16_TO_F32.length; bits++) {
            F16_TO_F32[bits] = decodeHalf(bits);
        }
    }

    private HalfFloats() {
    }

    /** The float32 value of a binary16 bit pattern (exact; NaN payloads kept in the high mantissa bits). */
    public static float f16ToF32(short half) {
        return F16_TO_F32[half & 0xffff];
    }

    /** The float32 value of a bfloat16 bit pattern (exact: bfloat16 is float32's upper half). */
    public static float bf16ToF32(short bf16) {
        return Float.intBitsToFloat((bf16 & 0xffff) << 16);
    }

    /** Widens {@code count} binary16 values from {@code src[from..]} into {@code dst[to..]}. */
    public static void f16ToF32(short[] src, int from, float[] dst, int to, int count) {
        for (int i = 0; i < count; i++) {
            dst[to + i] = F16_TO_F32[src[from + i] & 0xffff];
        }
    }

    /** Widens {@code count} bfloat16 values from {@code src[from..]} into {@code dst[to..]}. */
    public static void bf16ToF32(short[] src, int from, float[] dst, int to, int count) {
        for (int i = 0; i < count; i++) {
            dst[to + i] = Float.intBitsToFloat((src[from + i] & 0xffff) << 16);
        }
    }

    /** The nearest binary16 value (ties to even); overflow gives infinity, NaN stays NaN. */
    public static short f32ToF16(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xff;
        int mant = bits & 0x7fffff;
        if (exp == 0xff) {
            return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 | (mant >>> 13) : 0));
        }
        int e = exp - 127 + 15;
        if (e >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (e <= 0) {
            if (e < -10) {
                // below half the smallest subnormal (2^-25): rounds to a signed zero
                return (short) sign;
            }
            // binary16 subnormal: value = m * 2^-24, so m = (1.mant) shifted right by 14 - e
            int full = mant | 0x800000;
            int shift = 14 - e;
            int half = full >>> shift;
            int rem = full & ((1 << shift) - 1);
            int halfway = 1 << (shift - 1);
            if (rem > halfway || (rem == halfway && (half & 1) != 0)) {
                half++;
            }
            return (short) (sign | half);
        }
        int half = (e << 10) | (mant >>> 13);
        int rem = mant & 0x1fff;
        if (rem > 0x1000 || (rem == 0x1000 && (half & 1) != 0)) {
            half++; // a carry into the exponent is the correct rounding (up to infinity)
        }
        return (short) (sign | half);
    }

    /** The nearest bfloat16 value (ties to even); NaN stays NaN. */
    public static short f32ToBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if ((bits & 0x7f800000) == 0x7f800000 && (bits & 0x7fffff) != 0) {
            return (short) ((bits >>> 16) | 0x40); // keep NaN quiet even if the payload sat in the low half
        }
        int rounded = bits + 0x7fff + ((bits >>> 16) & 1);
        return (short) (rounded >>> 16);
    }

    private static float decodeHalf(int bits) {
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            // zero or subnormal: mant * 2^-24 is exact in float32
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}

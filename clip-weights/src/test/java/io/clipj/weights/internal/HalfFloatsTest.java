package io.clipj.weights.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HalfFloatsTest {

    @Test
    void everyHalfSurvivesARoundTrip() {
        List<String> bad = new ArrayList<>();
        for (int bits = 0; bits < 1 << 16; bits++) {
            float f = HalfFloats.f16ToF32((short) bits);
            if (Float.isNaN(f)) {
                continue;
            }
            short back = HalfFloats.f32ToF16(f);
            if ((back & 0xffff) != bits) {
                bad.add(Integer.toHexString(bits) + " -> " + f + " -> " + Integer.toHexString(back & 0xffff));
            }
        }
        assertThat(bad).isEmpty();
    }

    @Test
    void knownHalfValues() {
        assertThat(HalfFloats.f16ToF32((short) 0x3c00)).isEqualTo(1.0f);
        assertThat(HalfFloats.f16ToF32((short) 0xc000)).isEqualTo(-2.0f);
        assertThat(HalfFloats.f16ToF32((short) 0x7bff)).isEqualTo(65504f);
        assertThat(HalfFloats.f16ToF32((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(HalfFloats.f16ToF32((short) 0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(HalfFloats.f16ToF32((short) 0x7e00)).isNaN();
        assertThat(HalfFloats.f32ToF16(65520f)).isEqualTo((short) 0x7c00); // rounds up to infinity
        assertThat(HalfFloats.f32ToF16(1 + 0x1p-11f)).isEqualTo((short) 0x3c00); // tie to even
        assertThat(HalfFloats.f32ToF16(1 + 0x1p-11f + 0x1p-20f)).isEqualTo((short) 0x3c01);
        assertThat(HalfFloats.f32ToF16(0x1p-25f)).isEqualTo((short) 0); // tie to even (zero)
        assertThat(HalfFloats.f32ToF16(0x1.1p-25f)).isEqualTo((short) 1);
        assertThat(HalfFloats.f32ToF16(Float.NaN) & 0x7c00).isEqualTo(0x7c00);
    }

    @Test
    void narrowingPicksTheNearestHalf() {
        SplittableRandom rnd = new SplittableRandom(7);
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            float f = (float) (rnd.nextGaussian() * Math.pow(2, rnd.nextInt(-26, 16)));
            if (Math.abs(f) >= 65520f) {
                continue; // IEEE rounds these to infinity (checked in knownHalfValues)
            }
            short h = HalfFloats.f32ToF16(f);
            double err = Math.abs((double) HalfFloats.f16ToF32(h) - f);
            for (int d = -1; d <= 1; d += 2) {
                float neighbour = HalfFloats.f16ToF32((short) (h + d));
                if (!Float.isNaN(neighbour) && !Float.isInfinite(neighbour)
                        && Math.signum(neighbour) == Math.signum(HalfFloats.f16ToF32(h))
                        && Math.abs((double) neighbour - f) < err) {
                    bad.add(f + " -> " + HalfFloats.f16ToF32(h) + " but " + neighbour + " is nearer");
                }
            }
        }
        assertThat(bad).isEmpty();
    }

    @Test
    void bfloat16() {
        assertThat(HalfFloats.bf16ToF32((short) 0x3f80)).isEqualTo(1.0f);
        assertThat(HalfFloats.bf16ToF32((short) 0xc040)).isEqualTo(-3.0f);
        assertThat(HalfFloats.f32ToBf16(1.0f)).isEqualTo((short) 0x3f80);
        assertThat(HalfFloats.f32ToBf16(Float.intBitsToFloat(0x3f808000))).isEqualTo((short) 0x3f80); // tie to even
        assertThat(HalfFloats.f32ToBf16(Float.intBitsToFloat(0x3f818000))).isEqualTo((short) 0x3f82); // tie to even
        assertThat(HalfFloats.f32ToBf16(Float.intBitsToFloat(0x3f808001))).isEqualTo((short) 0x3f81);
        assertThat(HalfFloats.bf16ToF32(HalfFloats.f32ToBf16(Float.NaN))).isNaN();
    }
}

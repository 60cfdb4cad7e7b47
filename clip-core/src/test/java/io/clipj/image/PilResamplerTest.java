package io.clipj.image;

import io.clipj.internal.image.PilResampler;

import io.clipj.image.ClipImageProcessor;
import io.clipj.image.PilFilter;
import static org.assertj.core.api.Assertions.assertThat;

import io.clipj.weights.config.PreprocessorConfig;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PilResamplerTest {

    private static byte[] noise(int w, int h, long seed) {
        byte[] b = new byte[w * h * 3];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void windowEqualsFullResizeThenCrop() {
        int[][] cases = {{451, 300, 336, 224}, {300, 451, 224, 336}, {640, 427, 335, 224}, {5, 3, 373, 224},
            {224, 500, 224, 300}, {500, 224, 300, 224}};
        for (int[] c : cases) {
            byte[] src = noise(c[0], c[1], c[0] * 31L + c[1]);
            for (PilFilter f : PilFilter.values()) {
                byte[] full = PilResampler.resize(src, c[0], c[1], c[2], c[3], f);
                int x0 = (c[2] - 224) / 2;
                int y0 = (c[3] - 224) / 2;
                byte[] window = PilResampler.resize(src, c[0], c[1], c[2], c[3], f, x0, y0, 224, 224);
                byte[] cropped = new byte[224 * 224 * 3];
                for (int y = 0; y < 224; y++) {
                    System.arraycopy(full, ((y0 + y) * c[2] + x0) * 3, cropped, y * 224 * 3, 224 * 3);
                }
                assertThat(window).as("%s %s", Arrays.toString(c), f).isEqualTo(cropped);
            }
        }
    }

    @Test
    void sameSizeIsIdentityAndBoxHalvesByAveraging() {
        byte[] src = noise(8, 6, 1);
        assertThat(PilResampler.resize(src, 8, 6, 8, 6, PilFilter.BICUBIC)).isEqualTo(src);
        // box filter at exactly 2x: each output is the rounded mean of a 2x2 block, per axis in two 8-bit passes
        byte[] half = PilResampler.resize(src, 8, 6, 4, 3, PilFilter.BOX);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                for (int c = 0; c < 3; c++) {
                    int[] row = new int[2];
                    for (int dy = 0; dy < 2; dy++) {
                        int a = src[((2 * y + dy) * 8 + 2 * x) * 3 + c] & 0xff;
                        int b = src[((2 * y + dy) * 8 + 2 * x + 1) * 3 + c] & 0xff;
                        row[dy] = (a + b + 1) >> 1;
                    }
                    assertThat(half[(y * 4 + x) * 3 + c] & 0xff).isEqualTo((row[0] + row[1] + 1) >> 1);
                }
            }
        }
    }

    @Test
    void shortestEdgeTargetTruncatesLikePython() {
        ClipImageProcessor p = ClipImageProcessor.fromConfig(PreprocessorConfig.defaults());
        assertThat(p.resizeTarget(3, 5)).containsExactly(224, 373);   // int(224 * 5 / 3) = 373
        assertThat(p.resizeTarget(427, 640)).containsExactly(224, 335); // int(335.737...)
        assertThat(p.resizeTarget(640, 427)).containsExactly(335, 224);
        assertThat(p.resizeTarget(224, 224)).containsExactly(224, 224);
    }
}

package io.clipj.internal.image;

import io.clipj.image.ClipImageProcessor;
import io.clipj.image.ImageDecoder;
import io.clipj.image.RgbImage;
import static org.assertj.core.api.Assertions.assertThat;

import io.clipj.weights.config.PreprocessorConfig;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.util.List;
import org.junit.jupiter.api.Test;

/** HF centre-crop padding and PIL convert("RGB") rules on synthetic images. */
class CenterCropAndConvertTest {

    @Test
    void cropLargerThanImagePadsWithZeros() {
        byte[] px = new byte[2 * 3 * 3];
        java.util.Arrays.fill(px, (byte) 200);
        RgbImage img = new RgbImage(2, 3, px); // w 2, h 3
        RgbImage out = CenterCrop.crop(img, 5, 4);
        assertThat(out.width()).isEqualTo(4);
        assertThat(out.height()).isEqualTo(5);
        // canvas offsets ceil((5-3)/2) = 1 row, ceil((4-2)/2) = 1 column
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 4; x++) {
                boolean inside = y >= 1 && y < 4 && x >= 1 && x < 3;
                assertThat(out.sample(x, y, 0)).as("(%d,%d)", x, y).isEqualTo(inside ? 200 : 0);
            }
        }
    }

    @Test
    void paddedPixelsNormaliseAsZero() {
        PreprocessorConfig c = new PreprocessorConfig(false, 224, 0, 0, 3, true, 4, 4, true, 1.0 / 255, true,
                PreprocessorConfig.OPENAI_CLIP_MEAN, PreprocessorConfig.OPENAI_CLIP_STD, true);
        float[] v = ClipImageProcessor.fromConfig(c).preprocess(new RgbImage(1, 1, new byte[] {(byte) 255, 0, 0}));
        assertThat(v).hasSize(3 * 16);
        assertThat(v[0]).isEqualTo((0f - 0.48145466f) / 0.26862954f);
    }

    @Test
    void alphaIsDroppedNotComposited() {
        BufferedImage argb = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x00_10_20_30); // fully transparent
        assertThat(ImageDecoder.fromBufferedImage(argb).rgb()).containsExactly(0x10, 0x20, 0x30);
    }

    @Test
    void paletteBeyondStoredEntriesIsPillowGrayRamp() {
        IndexColorModel icm = new IndexColorModel(8, 256, new byte[256], new byte[256], new byte[256]);
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_INDEXED, icm);
        WritableRaster r = img.getRaster();
        r.setSample(0, 0, 0, 1);
        r.setSample(1, 0, 0, 77);
        // the file stored 2 palette entries; index 77 is unset: Pillow's palette starts as a gray ramp
        RgbImage rgb = PilConvert.toRgb(img, 2);
        assertThat(List.of(rgb.sample(0, 0, 0), rgb.sample(1, 0, 0), rgb.sample(1, 0, 2))).containsExactly(0, 77, 77);
    }

    @Test
    void sixteenBitGrayClipsLikePilModeI() {
        BufferedImage g16 = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
        g16.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {100, 255, 4000});
        assertThat(ImageDecoder.fromBufferedImage(g16).rgb())
                .containsExactly(100, 100, 100, 255, 255, 255, 255, 255, 255);
    }

    @Test
    void cmykAsPilConvertsIt() {
        // stored Adobe-inverted: c=255-0, m=255-0, y=255-255, k=255-0 -> yellow
        byte[] cmyk = {(byte) 255, (byte) 255, 0, (byte) 255};
        assertThat(JpegColor.invertedCmykToRgb(cmyk, 1)).containsExactly((byte) 255, (byte) 255, 0);
    }
}

package io.clipj.image;

import io.clipj.internal.image.JpegColor;
import io.clipj.internal.image.JpegHeader;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;

/** BMP, GIF and 4-channel JPEG through the decoder, written here with the JDK's own writers. */
class OtherFormatsTest {

    private static byte[] write(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(img, format, out)).as("writer for %s", format).isTrue();
        return out.toByteArray();
    }

    private static BufferedImage palette() {
        // 20 entries so that writers keep 8 bits per pixel (the JDK's BMP writer mangles a 4-colour 4x2 image)
        byte[] r = new byte[20];
        byte[] g = new byte[20];
        byte[] b = new byte[20];
        r[0] = (byte) 255;
        g[1] = (byte) 255;
        b[2] = (byte) 255;
        r[3] = 10;
        g[3] = 20;
        b[3] = 30;
        for (int i = 4; i < 20; i++) {
            r[i] = (byte) (i * 7);
        }
        BufferedImage img = new BufferedImage(4, 2, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, 20, r, g, b));
        for (int i = 0; i < 8; i++) {
            img.getRaster().setSample(i % 4, i / 4, 0, i % 4);
        }
        return img;
    }

    /** Opaque palette images: PIL's lookup equals the colour model's RGB of every decoded index. */
    @Test
    void bmpAndGifPalettesAreLookedUp() throws IOException {
        for (String format : new String[] {"bmp", "gif"}) {
            byte[] encoded = write(palette(), format);
            RgbImage rgb = new ImageDecoder().decode(encoded, "test." + format);
            BufferedImage reference = ImageIO.read(new java.io.ByteArrayInputStream(encoded));
            assertThat(reference.getColorModel()).isInstanceOf(IndexColorModel.class);
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 4; x++) {
                    int argb = reference.getRGB(x, y);
                    assertThat(new int[] {rgb.sample(x, y, 0), rgb.sample(x, y, 1), rgb.sample(x, y, 2)})
                            .as("%s (%d,%d)", format, x, y)
                            .containsExactly((argb >> 16) & 0xff, (argb >> 8) & 0xff, argb & 0xff);
                }
            }
        }
        // and the BMP writer keeps the palette image intact, so the colours are the ones painted
        RgbImage bmp = new ImageDecoder().decode(write(palette(), "bmp"), "test.bmp");
        assertThat(new int[] {bmp.sample(0, 0, 0), bmp.sample(1, 1, 1), bmp.sample(2, 0, 2), bmp.sample(3, 1, 0)})
                .containsExactly(255, 255, 255, 10);
    }

    @Test
    void rgbBmpRoundTrips() throws IOException {
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_3BYTE_BGR);
        img.setRGB(2, 1, 0x123456);
        RgbImage rgb = new ImageDecoder().decode(write(img, "bmp"), "rgb.bmp");
        assertThat(new int[] {rgb.sample(2, 1, 0), rgb.sample(2, 1, 1), rgb.sample(2, 1, 2)})
                .containsExactly(0x12, 0x34, 0x56);
    }

    @Test
    void fourChannelJpegIsInvertedCmykAsPilReadsIt() throws IOException {
        // a flat 16x16 4-channel raster; the JDK writes it as Adobe CMYK (no transform), stored values as given
        WritableRaster raster = Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE, 16, 16, 4, null);
        int[] stored = {40, 90, 200, 230};
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                raster.setPixel(x, y, stored);
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            javax.imageio.ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(1f);
            writer.write(null, new IIOImage(raster, null, null), p);
        } finally {
            writer.dispose();
        }
        byte[] jpeg = bytes.toByteArray();
        JpegHeader header = JpegHeader.parse(jpeg);
        assertThat(header.componentIds()).hasSize(4);
        RgbImage rgb = new ImageDecoder().decode(jpeg, "cmyk.jpg");
        byte[] expected = JpegColor.invertedCmykToRgb(
                header.space() == JpegHeader.Space.YCCK ? ycck(stored) : bytes(stored), 1);
        for (int c = 0; c < 3; c++) {
            assertThat(rgb.sample(8, 8, c)).as("channel %d (%s)", c, header.space())
                    .isCloseTo(expected[c] & 0xff, org.assertj.core.data.Offset.offset(3));
        }
    }

    private static byte[] bytes(int[] v) {
        return new byte[] {(byte) v[0], (byte) v[1], (byte) v[2], (byte) v[3]};
    }

    /** A YCCK file stores what converts back to the given CMYK; the writer got CMYK, so it is the same. */
    private static byte[] ycck(int[] v) {
        return bytes(v);
    }
}

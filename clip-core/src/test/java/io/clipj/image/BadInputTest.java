package io.clipj.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clipj.testing.SharedAssets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input fails fast with an {@link ImageDecodeException} whose message names the file. */
@Timeout(10)
class BadInputTest {

    private final ImageDecoder decoder = new ImageDecoder();

    @TempDir
    Path dir;

    private void assertRefused(Path file, String problem) {
        assertThatThrownBy(() -> decoder.decode(file))
                .isInstanceOf(ImageDecodeException.class)
                .hasMessageStartingWith(file.toString() + ": ")
                .hasMessageContaining(problem);
    }

    @Test
    void truncatedJpeg() {
        assertRefused(SharedAssets.path("images/truncated.jpg"), "JPEG");
    }

    @Test
    void emptyFile() throws IOException {
        Path f = Files.write(dir.resolve("empty.png"), new byte[0]);
        assertRefused(f, "empty file");
    }

    @Test
    void randomBytes() throws IOException {
        byte[] noise = new byte[4096];
        new Random(42).nextBytes(noise);
        noise[0] = 0x13; // not any signature
        Path f = Files.write(dir.resolve("noise.jpg"), noise);
        assertRefused(f, "unrecognised image format");
    }

    @Test
    void unknownFormat() throws IOException {
        Path f = Files.writeString(dir.resolve("image.psd"), "8BPS a Photoshop header, not supported");
        assertRefused(f, "unrecognised image format");
    }

    @Test
    void tiffHeaderWithoutImage() throws IOException {
        Path f = Files.writeString(dir.resolve("image.tiff"), "II*\0 a TIFF header and no directory");
        assertRefused(f, "cannot decode TIFF data");
    }

    @Test
    void icoEntryPastTheEnd() throws IOException {
        byte[] ico = {0, 0, 1, 0, 1, 0, 16, 16, 0, 0, 1, 0, 32, 0, 0, 4, 0, 0, 0, 1, 0, 0};
        Path f = Files.write(dir.resolve("favicon.png"), ico);
        assertRefused(f, "truncated ICO data");
    }

    @Test
    void pnmSampleAboveMaxval() throws IOException {
        Path f = Files.writeString(dir.resolve("bad.pgm"), "P2 2 1 15 3 16\n");
        assertRefused(f, "exceeds maxval 15");
    }

    @Test
    void truncatedPngAndWebp() throws IOException {
        byte[] png = Files.readAllBytes(SharedAssets.path("images/horse.png"));
        Path p = Files.write(dir.resolve("cut.png"), java.util.Arrays.copyOf(png, png.length / 2));
        assertRefused(p, "PNG");
        byte[] webp = Files.readAllBytes(SharedAssets.path("images/coffee_lossless.webp"));
        Path w = Files.write(dir.resolve("cut.webp"), java.util.Arrays.copyOf(webp, webp.length / 2));
        assertRefused(w, "truncated WebP");
    }

    @Test
    void hugePngIsRefusedFromItsHeader() throws IOException {
        Path f = Files.write(dir.resolve("bomb.png"), pngHeader(100_000, 100_000));
        long before = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        assertRefused(f, "exceeds the limit of 178956970 pixels");
        long after = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        // 10^10 pixels would need 30 GB; nothing close to that was allocated
        assertThat(after - before).isLessThan(256L << 20);
    }

    @Test
    void configurableLimit() throws IOException {
        Path f = Files.write(dir.resolve("big.png"), pngHeader(3000, 3000));
        assertThatThrownBy(() -> new ImageDecoder(new PixelLimit(1_000_000)).decode(f))
                .isInstanceOf(ImageDecodeException.class)
                .hasMessageContaining("big.png")
                .hasMessageContaining("9000000 pixels");
    }

    /** Signature, a valid IHDR (8-bit RGB) with its CRC, and an IEND: enough for a reader to report the size. */
    static byte[] pngHeader(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        out.write(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}

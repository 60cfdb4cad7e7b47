package io.clipj.image.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.clipj.image.ImageDecodeException;
import io.clipj.image.ImageDecoder;
import io.clipj.image.PixelLimit;
import io.clipj.image.RgbImage;
import io.clipj.image.WebpFiles;
import io.clipj.testing.FuzzCorpus;
import io.clipj.testing.Mutations;
import io.clipj.testing.SharedAssets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Arbitrary VP8L and VP8 bitstreams (headers first) inside a {@code VP8X} canvas: the decoders allocate by the
 * bitstream's own dimensions, so the invariant is that a decode either fails with an {@link ImageDecodeException}
 * naming the input, or returns exactly the canvas size, which is within the pixel limit. Input layout: byte 0
 * picks lossless (even) or lossy (odd), bytes 1 and 2 are the canvas width and height minus one, the rest is the
 * bitstream.
 */
class WebpFuzzTest {

    /** Warn above 2 M pixels, refuse above 4 M, as {@link ImageFuzzTest}. */
    private static final ImageDecoder DECODER = new ImageDecoder(new PixelLimit(2_000_000));

    @BeforeAll
    static void setUp() throws IOException {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("vp8l-3x2", input(false, 3, 2, WebpFiles.vp8l(3, 2)));
        seeds.put("vp8l-bomb", input(false, 1, 1, WebpFiles.vp8l(16384, 16384)));
        seeds.put("vp8-bomb", input(true, 1, 1, WebpFiles.vp8Header(16383, 16383)));
        try (Stream<Path> all = Files.list(SharedAssets.path("images"))) {
            for (Path p : (Iterable<Path>) all.filter(f -> f.toString().endsWith(".webp")).sorted()::iterator) {
                byte[] file = Files.readAllBytes(p);
                int off = bitstreamOffset(file);
                if (off > 0 && file.length < 60_000) {
                    seeds.put(p.getFileName().toString(), input(file[off - 1] == ' ', 1, 1,
                            Arrays.copyOfRange(file, off, file.length)));
                }
            }
        }
        FuzzCorpus.seedWhenFuzzing(WebpFuzzTest.class, "bitstreamInCanvas", seeds);
    }

    @FuzzTest(maxDuration = "5m")
    void bitstreamInCanvas(byte[] data) {
        if (data.length < 3) {
            return;
        }
        boolean lossy = (data[0] & 1) == 1;
        int w = (data[1] & 0xff) + 1;
        int h = (data[2] & 0xff) + 1;
        byte[] webp = WebpFiles.riff("VP8X", WebpFiles.vp8x(0, w, h), lossy ? "VP8 " : "VP8L",
                Arrays.copyOfRange(data, 3, data.length));
        RgbImage image;
        try {
            image = DECODER.decode(webp, "fuzz.webp");
        } catch (ImageDecodeException e) {
            assertThat(e.getMessage()).startsWith("fuzz.webp: ");
            return;
        }
        assertThat(new int[] {image.width(), image.height()}).containsExactly(w, h);
        assertThat(image.rgb()).hasSize(3 * w * h);
    }

    /** Every shared WebP's bitstream (read in place) in canvases of its own and other sizes, and mutants. */
    @Test
    void sharedBitstreamsAndTheirMutants() throws IOException {
        int i = 0;
        try (Stream<Path> all = Files.list(SharedAssets.path("images"))) {
            for (Path p : (Iterable<Path>) all.filter(f -> f.toString().endsWith(".webp")).sorted()::iterator) {
                byte[] file = Files.readAllBytes(p);
                int off = bitstreamOffset(file);
                if (off < 0) {
                    continue;
                }
                byte[] bits = Arrays.copyOfRange(file, off, Math.min(file.length, off + 4096));
                boolean lossy = file[off - 1] == ' ';
                bitstreamInCanvas(input(lossy, 1, 1, bits));
                bitstreamInCanvas(input(lossy, 256, 256, bits));
                for (byte[] m : Mutations.of(input(lossy, 1, 1, bits), 12, i++)) {
                    bitstreamInCanvas(m);
                }
            }
        }
    }

    private static byte[] input(boolean lossy, int w, int h, byte[] bitstream) {
        byte[] out = new byte[3 + bitstream.length];
        out[0] = (byte) (lossy ? 1 : 0);
        out[1] = (byte) (w - 1);
        out[2] = (byte) (h - 1);
        System.arraycopy(bitstream, 0, out, 3, bitstream.length);
        return out;
    }

    /** Offset of the first top-level VP8/VP8L payload, or -1. */
    private static int bitstreamOffset(byte[] b) {
        for (int p = 12; p + 8 <= b.length; ) {
            long len = (b[p + 4] & 0xffL) | (b[p + 5] & 0xffL) << 8 | (b[p + 6] & 0xffL) << 16 | (b[p + 7] & 0xffL) << 24;
            if (b[p] == 'V' && b[p + 1] == 'P' && b[p + 2] == '8' && (b[p + 3] == ' ' || b[p + 3] == 'L')) {
                return p + 8;
            }
            if (len > b.length) {
                return -1;
            }
            p += 8 + (int) (len + (len & 1));
        }
        return -1;
    }
}

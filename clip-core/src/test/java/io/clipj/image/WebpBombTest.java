package io.clipj.image;

import static io.clipj.image.WebpFiles.anmf;
import static io.clipj.image.WebpFiles.riff;
import static io.clipj.image.WebpFiles.vp8Header;
import static io.clipj.image.WebpFiles.vp8l;
import static io.clipj.image.WebpFiles.vp8x;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * WebP decompression bombs that the canvas check let through: the pixel limit must hold for every bitstream's
 * own dimensions (the decoders allocate by them), and a bitstream must match its canvas or frame. Each is
 * refused before any pixel memory exists, naming the input and the bitstream.
 */
class WebpBombTest {

    private final ImageDecoder decoder = new ImageDecoder(PixelLimit.PIL_DEFAULT);

    private void refused(byte[] webp, String... expected) {
        long before = usedHeap();
        long start = System.nanoTime();
        assertThatThrownBy(() -> decoder.decode(webp, "bomb.webp")).isInstanceOf(ImageDecodeException.class)
                .hasMessageStartingWith("bomb.webp: ").hasMessageContainingAll(expected);
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(2);
        assertThat(usedHeap() - before).as("heap grown").isLessThan(64L << 20);
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    @Test
    void losslessBitstreamLargerThanItsOneByOneCanvas() {
        refused(riff("VP8X", vp8x(0, 1, 1), "VP8L", vp8l(16384, 16384)),
                "VP8L bitstream size 16384x16384", "exceeds the limit of 178956970 pixels");
    }

    @Test
    void lossyBitstreamLargerThanItsOneByOneCanvas() {
        refused(riff("VP8X", vp8x(0, 1, 1), "VP8 ", vp8Header(16383, 16383)),
                "VP8 bitstream size 16383x16383", "exceeds the limit");
    }

    @Test
    void bitstreamWithoutVp8xPastTheLimit() {
        refused(riff("VP8L", vp8l(16384, 16384)), "16384x16384", "exceeds the limit");
    }

    @Test
    void animationFrameBitstreamPastTheLimit() {
        refused(riff("VP8X", vp8x(0x02, 1, 1), "ANIM", new byte[6],
                "ANMF", anmf(0, 0, 1, 1, "VP8L", vp8l(16384, 16384))), "VP8L bitstream size 16384x16384");
    }

    @Test
    void bitstreamUnderTheLimitButNotItsCanvasSize() {
        refused(riff("VP8X", vp8x(0, 1, 1), "VP8L", vp8l(4000, 4000)),
                "VP8L bitstream is 4000x4000 but its VP8X canvas is 1x1");
        refused(riff("VP8X", vp8x(0x02, 8, 8), "ANIM", new byte[6], "ANMF", anmf(4, 4, 8, 8, "VP8L", vp8l(8, 8))),
                "leaves the 8x8 canvas");
    }

    /** The decoder guards itself too, for callers that bypass the container check. */
    @Test
    void decoderRefusesBeforeAllocating() {
        byte[] bits = vp8l(16384, 16384);
        assertThatThrownBy(() -> io.clipj.internal.image.vp8.Vp8lDecoder.decode(bits, 0, bits.length, 4_000_000))
                .hasMessageContaining("VP8L bitstream size 16384x16384 exceeds the limit of 4000000 pixels");
    }

    @Test
    void wellFormedSmallFilesStillDecode() throws Exception {
        RgbImage plain = decoder.decode(riff("VP8L", vp8l(3, 2)), "ok.webp");
        RgbImage extended = decoder.decode(riff("VP8X", vp8x(0x10, 3, 2), "VP8L", vp8l(3, 2)), "ok.webp");
        assertThat(new int[] {plain.width(), plain.height(), extended.width(), extended.height()})
                .containsExactly(3, 2, 3, 2);
    }
}

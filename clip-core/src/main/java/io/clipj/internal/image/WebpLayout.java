package io.clipj.internal.image;

import io.clipj.internal.image.vp8.Vp8Decoder;
import io.clipj.internal.image.vp8.Vp8lDecoder;
import java.util.ArrayList;
import java.util.List;

/**
 * The sizes a RIFF/WEBP file declares, read from its chunk headers without decoding anything: the {@code VP8X}
 * canvas (when present) and the own dimensions of every {@code VP8 }/{@code VP8L} bitstream, top-level or inside
 * an animation frame ({@code ANMF}). A decoder allocates by the bitstream's dimensions, not the canvas's, so a
 * 1x1 canvas over a bitstream declaring 16384x16384 is a 2 GB decompression bomb unless the pixel limit is checked
 * on every bitstream, and each is checked to fit its canvas (libwebp refuses a still image whose bitstream and
 * canvas differ, and a frame that leaves the canvas).
 *
 * <p>Immutable and thread-safe.
 *
 * @param canvasWidth  the {@code VP8X} canvas width, or -1 without a {@code VP8X} chunk
 * @param canvasHeight the {@code VP8X} canvas height, or -1
 * @param bitstreams   every image bitstream, in file order
 */
public record WebpLayout(int canvasWidth, int canvasHeight, List<Bitstream> bitstreams) {

    /**
     * One bitstream: its chunk type, its own size, and where its frame sits (x, y, width, height on the canvas:
     * the ANMF frame rectangle, or the whole image for a still one).
     */
    public record Bitstream(String chunk, int width, int height, int frameX, int frameY, int frameWidth, int frameHeight,
            boolean animated) {
    }

    public WebpLayout {
        bitstreams = List.copyOf(bitstreams);
    }

    /** Reads the layout of {@code b}, a RIFF/WEBP file whose first 12 bytes were already recognised. */
    public static WebpLayout parse(byte[] b) throws Malformed {
        int canvasW = -1;
        int canvasH = -1;
        List<Bitstream> streams = new ArrayList<>();
        long p = 12;
        while (p + 8 <= b.length) {
            String type = fourcc(b, (int) p);
            long len = u32(b, (int) p + 4);
            int payload = (int) p + 8;
            long end = payload + len;
            if (end > b.length) {
                end = b.length; // a cut-off last chunk is the decoder's to report
            }
            switch (type) {
                case "VP8X" -> {
                    need(len, 10, type);
                    canvasW = (int) u24(b, payload + 4) + 1;
                    canvasH = (int) u24(b, payload + 7) + 1;
                }
                case "VP8 ", "VP8L" -> streams.add(still(b, type, payload, end, canvasW, canvasH));
                case "ANMF" -> {
                    need(len, 16, type);
                    int x = 2 * (int) u24(b, payload);
                    int y = 2 * (int) u24(b, payload + 3);
                    int w = (int) u24(b, payload + 6) + 1;
                    int h = (int) u24(b, payload + 9) + 1;
                    long q = payload + 16;
                    while (q + 8 <= end) {
                        String sub = fourcc(b, (int) q);
                        long subLen = u32(b, (int) q + 4);
                        int subPayload = (int) q + 8;
                        if (sub.equals("VP8 ") || sub.equals("VP8L")) {
                            int[] wh = bitstreamSize(b, sub, subPayload, Math.min(end, subPayload + subLen));
                            streams.add(new Bitstream(sub, wh[0], wh[1], x, y, w, h, true));
                        }
                        q = subPayload + subLen + (subLen & 1);
                    }
                }
                default -> {
                    // ALPH, ICCP, EXIF, XMP, ANIM and unknown chunks carry no pixel dimensions
                }
            }
            p = payload + len + (len & 1);
        }
        return new WebpLayout(canvasW, canvasH, streams);
    }

    private static Bitstream still(byte[] b, String type, int payload, long end, int canvasW, int canvasH)
            throws Malformed {
        int[] wh = bitstreamSize(b, type, payload, end);
        return new Bitstream(type, wh[0], wh[1], 0, 0, canvasW < 0 ? wh[0] : canvasW, canvasH < 0 ? wh[1] : canvasH,
                false);
    }

    /** {width, height} from a bitstream's own header. */
    private static int[] bitstreamSize(byte[] b, String type, int payload, long end) throws Malformed {
        if (type.equals("VP8L")) {
            need(end - payload, 5, type);
            return new int[] {Vp8lDecoder.width(b, payload), Vp8lDecoder.height(b, payload)};
        }
        need(end - payload, 10, type);
        return new int[] {Vp8Decoder.width(b, payload), Vp8Decoder.height(b, payload)};
    }

    /**
     * The first problem with the declared sizes: a bitstream whose size differs from its frame (for a still
     * image, the VP8X canvas), or a frame reaching outside the canvas; null when all agree.
     */
    public String mismatch() {
        for (Bitstream s : bitstreams) {
            if (s.width() != s.frameWidth() || s.height() != s.frameHeight()) {
                return s.chunk().strip() + " bitstream is " + s.width() + "x" + s.height() + " but its "
                        + (s.animated() ? "ANMF frame" : "VP8X canvas") + " is " + s.frameWidth() + "x"
                        + s.frameHeight();
            }
            if (canvasWidth > 0 && ((long) s.frameX() + s.frameWidth() > canvasWidth
                    || (long) s.frameY() + s.frameHeight() > canvasHeight)) {
                return "ANMF frame " + s.frameWidth() + "x" + s.frameHeight() + " at (" + s.frameX() + ", "
                        + s.frameY() + ") leaves the " + canvasWidth + "x" + canvasHeight + " canvas";
            }
        }
        return null;
    }

    /** A chunk too short for its own header. */
    public static final class Malformed extends Exception {
        Malformed(String message) {
            super(message);
        }
    }

    private static void need(long have, int bytes, String type) throws Malformed {
        if (have < bytes) {
            throw new Malformed("truncated " + type.strip() + " chunk header");
        }
    }

    private static String fourcc(byte[] b, int at) {
        return new String(b, at, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static long u24(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16;
    }

    private static long u32(byte[] b, int at) {
        return u24(b, at) | (b[at + 3] & 0xffL) << 24;
    }
}

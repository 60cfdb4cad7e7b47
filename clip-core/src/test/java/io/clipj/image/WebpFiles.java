package io.clipj.image;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Hand-made WebP files for tests: RIFF containers around VP8L/VP8 bitstream headers. */
public final class WebpFiles {

    private WebpFiles() {
    }

    /** A RIFF/WEBP file of the given chunks (fourcc, payload, fourcc, payload, ...), each padded to even size. */
    public static byte[] riff(Object... chunks) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("WEBP".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < chunks.length; i += 2) {
            byte[] payload = (byte[]) chunks[i + 1];
            body.writeBytes(((String) chunks[i]).getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(le(payload.length, 4));
            body.writeBytes(payload);
            if (payload.length % 2 == 1) {
                body.write(0);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(le(body.size(), 4));
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    /** A VP8X payload for a {@code w × h} canvas ({@code flags}: 0x02 animation, 0x10 alpha). */
    public static byte[] vp8x(int flags, int w, int h) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(flags);
        out.writeBytes(new byte[3]);
        out.writeBytes(le(w - 1, 3));
        out.writeBytes(le(h - 1, 3));
        return out.toByteArray();
    }

    /**
     * A complete VP8L bitstream of {@code w × h} pixels, all one colour: no transform, no colour cache, five
     * one-symbol Huffman codes (zero bits per pixel). The header alone makes a 16384x16384 one a bomb.
     */
    public static byte[] vp8l(int w, int h) {
        long[] fields = {w - 1, 14, h - 1, 14, 0, 1, 0, 3, 0, 1 /* no transform */, 0, 1 /* no cache */,
            0, 1 /* no meta codes */};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x2f);
        BitWriter bw = new BitWriter(out);
        for (int i = 0; i < fields.length; i += 2) {
            bw.write(fields[i], (int) fields[i + 1]);
        }
        for (int code = 0; code < 5; code++) {
            bw.write(1, 1); // simple code
            bw.write(0, 1); // one symbol
            bw.write(0, 1); // of 1 bit
            bw.write(0, 1); // symbol 0
        }
        bw.flush();
        return out.toByteArray();
    }

    /** A VP8 key-frame header declaring {@code w × h}, with an empty first partition (decoding then fails). */
    public static byte[] vp8Header(int w, int h) {
        int part0 = 0;
        int tag = 0 /* key frame */ | 0 << 1 /* profile */ | 1 << 4 /* show */ | part0 << 5;
        return new byte[] {(byte) tag, (byte) (tag >> 8), (byte) (tag >> 16), (byte) 0x9d, 0x01, 0x2a,
            (byte) w, (byte) (w >> 8 & 0x3f), (byte) h, (byte) (h >> 8 & 0x3f), 0, 0};
    }

    /** An ANMF payload: frame at (x, y) of {@code w × h}, holding the given sub-chunk. */
    public static byte[] anmf(int x, int y, int w, int h, String fourcc, byte[] bitstream) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(le(x / 2, 3));
        out.writeBytes(le(y / 2, 3));
        out.writeBytes(le(w - 1, 3));
        out.writeBytes(le(h - 1, 3));
        out.writeBytes(le(100, 3)); // duration
        out.write(0);
        out.writeBytes(fourcc.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(le(bitstream.length, 4));
        out.writeBytes(bitstream);
        if (bitstream.length % 2 == 1) {
            out.write(0);
        }
        return out.toByteArray();
    }

    static byte[] le(long v, int bytes) {
        byte[] b = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    /** LSB-first bit writer, as VP8L reads. */
    private static final class BitWriter {
        private final ByteArrayOutputStream out;
        private long acc;
        private int n;

        BitWriter(ByteArrayOutputStream out) {
            this.out = out;
        }

        void write(long value, int bits) {
            acc |= (value & ((1L << bits) - 1)) << n;
            n += bits;
            while (n >= 8) {
                out.write((int) (acc & 0xff));
                acc >>>= 8;
                n -= 8;
            }
        }

        void flush() {
            if (n > 0) {
                out.write((int) (acc & 0xff));
            }
            out.write(0);
            out.write(0);
            out.write(0);
            out.write(0);
            acc = 0;
            n = 0;
        }
    }
}

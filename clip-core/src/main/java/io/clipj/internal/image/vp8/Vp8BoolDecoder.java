package io.clipj.internal.image.vp8;

/**
 * VP8's boolean entropy decoder (RFC 6386 §7.3). Reading past the end of its partition yields zero bits, as
 * libwebp does; {@link #eof()} reports that it happened.
 *
 * <p>Not thread-safe: one instance per partition per decode.
 */
public final class Vp8BoolDecoder {

    private final byte[] data;
    private final int end;
    private int pos;
    private int value;
    private int range = 255;
    private int bitCount;
    private boolean eof;

    public Vp8BoolDecoder(byte[] data, int start, int length) {
        this.data = data;
        this.pos = start;
        this.end = Math.min(data.length, start + Math.max(length, 0));
        value = (nextByte() << 8) | nextByte();
    }

    private int nextByte() {
        if (pos < end) {
            return data[pos++] & 0xff;
        }
        eof = true;
        return 0;
    }

    public boolean eof() {
        return eof;
    }

    /** One bool whose probability of being 0 is {@code prob / 256}. */
    public int bit(int prob) {
        int split = 1 + (((range - 1) * prob) >> 8);
        int bigSplit = split << 8;
        int ret;
        if (value >= bigSplit) {
            ret = 1;
            range -= split;
            value -= bigSplit;
        } else {
            ret = 0;
            range = split;
        }
        while (range < 128) {
            value <<= 1;
            range <<= 1;
            if (++bitCount == 8) {
                bitCount = 0;
                value |= nextByte();
            }
        }
        return ret;
    }

    /** An unsigned {@code bits}-bit literal, most significant bit first. */
    public int literal(int bits) {
        int v = 0;
        while (bits-- > 0) {
            v |= bit(0x80) << bits;
        }
        return v;
    }

    /** A magnitude of {@code bits} bits followed by a sign bit. */
    public int signedLiteral(int bits) {
        int v = literal(bits);
        return bit(0x80) == 1 ? -v : v;
    }

    /** {@code v} negated when the next (probability 1/2) bit is set. */
    public int signed(int v) {
        return bit(0x80) == 1 ? -v : v;
    }
}

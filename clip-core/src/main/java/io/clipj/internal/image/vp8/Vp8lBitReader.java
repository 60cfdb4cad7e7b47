package io.clipj.internal.image.vp8;

/**
 * Least-significant-bit-first reader of a VP8L (lossless WebP) bitstream. Reading past the end yields zeros and
 * sets {@link #eos()}.
 *
 * <p>Not thread-safe: one per decode.
 */
public final class Vp8lBitReader {

    private static final java.lang.invoke.VarHandle LONG_LE = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    private final byte[] data;
    private final int end;
    private int pos;
    private long buf;
    private int bits;
    private final long totalBits;
    private long consumed;

    public Vp8lBitReader(byte[] data, int start, int length) {
        this.data = data;
        this.pos = start;
        this.end = Math.min(data.length, start + length);
        this.totalBits = 8L * Math.max(0, end - start);
    }

    private void fill() {
        if (pos + 8 <= end) {
            // top up to 56..63 bits from one little-endian 8-byte load
            long v = (long) LONG_LE.get(data, pos);
            int take = (63 - bits) >> 3;
            buf |= v << bits;
            if (take < 8) {
                // clear the bits of bytes not taken (they are loaded again next time)
                buf &= (1L << (bits + 8 * take)) - 1;
            }
            pos += take;
            bits += 8 * take;
            return;
        }
        while (bits <= 56) {
            long b;
            b = pos < end ? data[pos] & 0xffL : 0;
            pos++;
            buf |= b << bits;
            bits += 8;
        }
    }

    /** The next {@code n} (≤ 32) bits without consuming them. */
    public int peek(int n) {
        if (bits < n) {
            fill();
        }
        return (int) (buf & ((1L << n) - 1));
    }

    public void skip(int n) {
        if (bits < n) {
            fill();
        }
        buf >>>= n;
        bits -= n;
        consumed += n;
    }

    public int read(int n) {
        if (n == 0) {
            return 0;
        }
        int v = peek(n);
        skip(n);
        return v;
    }

    /** True once more bits were consumed than the data holds. */
    public boolean eos() {
        return consumed > totalBits;
    }
}

package io.clipj.internal.image;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteOrder;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * An {@code ImageInputStream} over a byte array with direct single-byte and 8-byte reads. TwelveMonkeys' lossless
 * WebP bit reader calls {@code readLong()} and {@code readByte()} for every refill; through the generic stream
 * implementations that was the largest cost of decoding a lossless WebP.
 *
 * <p>Not thread-safe (a stream has a position); one per decode.
 */
public final class ByteArrayInput extends ImageInputStreamImpl {

    private final byte[] data;
    private final int length;

    public ByteArrayInput(byte[] data) {
        this.data = data;
        this.length = data.length;
    }

    @Override
    public int read() {
        bitOffset = 0;
        if (streamPos >= length) {
            return -1;
        }
        return data[(int) streamPos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        bitOffset = 0;
        if (len == 0) {
            return 0;
        }
        if (streamPos >= length) {
            return -1;
        }
        int n = (int) Math.min(len, length - streamPos);
        System.arraycopy(data, (int) streamPos, b, off, n);
        streamPos += n;
        return n;
    }

    @Override
    public byte readByte() throws IOException {
        int v = read();
        if (v < 0) {
            throw new EOFException();
        }
        return (byte) v;
    }

    @Override
    public long readLong() throws IOException {
        bitOffset = 0;
        if (streamPos + 8 > length) {
            streamPos = length;
            throw new EOFException();
        }
        int p = (int) streamPos;
        long v = 0;
        if (byteOrder == ByteOrder.BIG_ENDIAN) {
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (data[p + i] & 0xffL);
            }
        } else {
            for (int i = 7; i >= 0; i--) {
                v = (v << 8) | (data[p + i] & 0xffL);
            }
        }
        streamPos += 8;
        return v;
    }

    @Override
    public long length() {
        return length;
    }
}

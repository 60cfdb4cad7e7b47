package io.clipj.weights.internal.torch;

import io.clipj.weights.CheckpointFormatException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of one pickle with bounds-checked readers for opcode arguments: every length is checked
 * against what is left before anything is allocated, and every failure names the pickle and the byte
 * position of the opcode.
 *
 * <p>Not thread-safe; owned by one {@link PickleReader}.
 */
public final class PickleInput {

    private final ByteBuffer in;
    private final String source;

    public PickleInput(byte[] pickle, String source) {
        this.in = ByteBuffer.wrap(pickle).order(ByteOrder.LITTLE_ENDIAN);
        this.source = source;
    }

    public int position() {
        return in.position();
    }

    /** An error at opcode position {@code at}. */
    public CheckpointFormatException fail(int at, String message) {
        return new CheckpointFormatException(source + ": " + message + " (at pickle byte " + at + ")");
    }

    public Object longOf(long n, int at) throws CheckpointFormatException {
        if (n > 64) {
            throw fail(at, "integer of " + n + " bytes is too large");
        }
        byte[] le = bytes(n, at);
        if (le.length == 0) {
            return 0L;
        }
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) {
            be[i] = le[le.length - 1 - i];
        }
        BigInteger v = new BigInteger(be); // two's complement, as pickle's LONG1/LONG4
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    public String utf8(long n, int at) throws CheckpointFormatException {
        byte[] b = bytes(n, at);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw fail(at, "string is not valid UTF-8");
        }
    }

    public byte[] bytes(long n, int at) throws CheckpointFormatException {
        if (n < 0 || n > in.remaining()) {
            throw fail(at, "a " + n + "-byte value runs past the end of the pickle");
        }
        byte[] b = new byte[(int) n];
        in.get(b);
        return b;
    }

    /** A newline-terminated ASCII line, for GLOBAL. */
    public String line(int at) throws CheckpointFormatException {
        int start = in.position();
        for (int p = start; p < in.limit() && p - start < 256; p++) {
            if (in.get(p) == '\n') {
                byte[] b = new byte[p - start];
                in.get(b);
                in.get();
                return new String(b, StandardCharsets.US_ASCII);
            }
        }
        throw fail(at, "unterminated GLOBAL name");
    }

    public ByteBuffer need(int n, int at) throws CheckpointFormatException {
        if (in.remaining() < n) {
            throw fail(at, "pickle truncated");
        }
        ByteBuffer view = in.slice(in.position(), n).order(ByteOrder.LITTLE_ENDIAN);
        in.position(in.position() + n);
        return view;
    }

    public int u8() throws CheckpointFormatException {
        if (!in.hasRemaining()) {
            throw fail(in.position(), "pickle truncated (no STOP)");
        }
        return in.get() & 0xff;
    }

    public long u32(int at) throws CheckpointFormatException {
        return need(4, at).getInt() & 0xffffffffL;
    }

    public long u64(int at) throws CheckpointFormatException {
        long v = need(8, at).getLong();
        if (v < 0) {
            throw fail(at, "length out of range");
        }
        return v;
    }
}

package io.clipj.weights.npy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes NumPy {@code .npy} files (format versions 1 to 3, C order) holding float32, float64,
 * int32 or int64 arrays; everything is read as float32 or written from float32.
 *
 * <p>Stateless and thread-safe.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=]?)([fi])(\\d)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    /** Refuse headers longer than this: real ones are a few hundred bytes. */
    private static final int MAX_HEADER = 1 << 16;

    private Npy() {
    }

    /** A dense float32 array and its shape. Treat {@code data} as read-only. */
    public record Array(float[] data, int[] shape) {

        /** Number of elements. */
        public int size() {
            return data.length;
        }

        /** The row-major element at {@code index}, checking each coordinate. */
        public float get(int... index) {
            if (index.length != shape.length) {
                throw new IllegalArgumentException("expected " + shape.length + " indices, got " + index.length);
            }
            int flat = 0;
            for (int i = 0; i < shape.length; i++) {
                if (index[i] < 0 || index[i] >= shape[i]) {
                    throw new IndexOutOfBoundsException("index " + index[i] + " of axis " + i + " (size " + shape[i] + ")");
                }
                flat = flat * shape[i] + index[i];
            }
            return data[flat];
        }
    }

    /** Reads an {@code .npy} file, converting its elements to float32. */
    public static Array read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /** Reads an {@code .npy} stream; {@code source} names it in error messages. */
    public static Array read(InputStream in, String source) throws IOException {
        byte[] magic = in.readNBytes(8);
        if (magic.length < 8) {
            throw new IOException(source + ": not a .npy file (too short)");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (magic[i] != MAGIC[i]) {
                throw new IOException(source + ": not a .npy file (bad magic)");
            }
        }
        int major = magic[6];
        int headerLen;
        if (major == 1) {
            byte[] b = in.readNBytes(2);
            headerLen = (b[0] & 0xff) | (b[1] & 0xff) << 8;
        } else if (major == 2 || major == 3) {
            byte[] b = in.readNBytes(4);
            headerLen = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt();
        } else {
            throw new IOException(source + ": unsupported .npy version " + major);
        }
        if (headerLen < 0 || headerLen > MAX_HEADER) {
            throw new IOException(source + ": .npy header length " + headerLen + " out of range");
        }
        String header = new String(in.readNBytes(headerLen), StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) {
            throw new IOException(source + ": malformed .npy header: " + header.trim());
        }
        if (f.group(1).equals("True")) {
            throw new IOException(source + ": Fortran-ordered .npy arrays are not supported");
        }
        ByteOrder order = d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        char kind = d.group(2).charAt(0);
        int width = Integer.parseInt(d.group(3));
        List<Integer> dims = new ArrayList<>();
        for (String part : s.group(1).split(",")) {
            if (!part.isBlank()) {
                dims.add(Integer.parseInt(part.trim()));
            }
        }
        int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
        long count = 1;
        for (int dim : shape) {
            count = Math.multiplyExact(count, dim);
        }
        if (count > Integer.MAX_VALUE / 8) {
            throw new IOException(source + ": .npy array of " + count + " elements is too large");
        }
        byte[] raw = in.readNBytes((int) count * width);
        if (raw.length != count * width) {
            throw new IOException(source + ": .npy data truncated (" + raw.length + " of " + count * width + " bytes)");
        }
        ByteBuffer buf = ByteBuffer.wrap(raw).order(order);
        float[] data = new float[(int) count];
        for (int i = 0; i < data.length; i++) {
            data[i] = switch (kind + "" + width) {
                case "f4" -> buf.getFloat();
                case "f8" -> (float) buf.getDouble();
                case "i4" -> buf.getInt();
                case "i8" -> buf.getLong();
                default -> throw new IOException(source + ": unsupported .npy dtype " + kind + width);
            };
        }
        return new Array(data, shape);
    }

    /** Writes a little-endian float32 {@code .npy} file of the given shape. */
    public static void write(Path file, float[] data, int... shape) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out, data, shape);
        }
    }

    /** Writes a little-endian float32 {@code .npy} stream of the given shape (version 1.0). */
    public static void write(OutputStream out, float[] data, int... shape) throws IOException {
        long count = 1;
        for (int dim : shape) {
            count *= dim;
        }
        if (count != data.length) {
            throw new IllegalArgumentException("shape holds " + count + " elements, data has " + data.length);
        }
        StringBuilder dims = new StringBuilder();
        for (int dim : shape) {
            dims.append(dim).append(", ");
        }
        if (shape.length > 1) {
            dims.setLength(dims.length() - 1);
        }
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims.toString().trim() + "), }";
        int total = MAGIC.length + 4 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer head = ByteBuffer.allocate(MAGIC.length + 4 + header.length()).order(ByteOrder.LITTLE_ENDIAN);
        head.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        head.put(header.getBytes(StandardCharsets.ISO_8859_1));
        out.write(head.array());
        ByteBuffer body = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        body.asFloatBuffer().put(data);
        out.write(body.array());
    }
}

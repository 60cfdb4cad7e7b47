package io.clipj.ortbench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Minimal reader of little-endian, C-order {@code .npy} files ({@code <f4}, {@code <i8}, {@code <i4}), enough for
 * the golden inputs of the correctness check. Stateless and thread-safe.
 */
final class Npy {

    /** A loaded array: its shape and its values widened to float or long. */
    record Array(long[] shape, float[] floats, long[] longs) {
        long rows() {
            return shape[0];
        }
    }

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    static Array read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
            throw new IOException(file + ": not a .npy file");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int major = bytes[6];
        int headerLen = major == 1 ? Short.toUnsignedInt(buf.getShort(8)) : buf.getInt(8);
        int dataStart = (major == 1 ? 10 : 12) + headerLen;
        String header = new String(bytes, major == 1 ? 10 : 12, headerLen, StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, file);
        if (group(ORDER, header, file).equals("True")) {
            throw new IOException(file + ": Fortran-order arrays are not supported");
        }
        long[] shape = Arrays.stream(group(SHAPE, header, file).split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
        long count = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        buf.position(dataStart);
        switch (descr) {
            case "<f4" -> {
                float[] out = new float[Math.toIntExact(count)];
                buf.asFloatBuffer().get(out);
                return new Array(shape, out, null);
            }
            case "<i8" -> {
                long[] out = new long[Math.toIntExact(count)];
                buf.asLongBuffer().get(out);
                return new Array(shape, null, out);
            }
            case "<i4" -> {
                long[] out = new long[Math.toIntExact(count)];
                for (int i = 0; i < out.length; i++) {
                    out[i] = buf.getInt();
                }
                return new Array(shape, null, out);
            }
            default -> throw new IOException(file + ": dtype " + descr + " is not supported (need <f4, <i8 or <i4)");
        }
    }

    private static String group(Pattern p, String header, Path file) throws IOException {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IOException(file + ": malformed .npy header: " + header.trim());
        }
        return m.group(1);
    }
}

package io.clipj.internal.data;

import java.nio.charset.StandardCharsets;

/**
 * Parses one 512-byte tar header block (POSIX ustar, GNU and v7 variants): checksum, type, size and name.
 *
 * <p>Stateless and thread-safe.
 */
public final class TarHeader {

    public static final int BLOCK = 512;

    private static final int NAME = 0;
    private static final int NAME_LEN = 100;
    private static final int SIZE = 124;
    private static final int SIZE_LEN = 12;
    private static final int CHECKSUM = 148;
    private static final int CHECKSUM_LEN = 8;
    private static final int TYPE = 156;
    private static final int MAGIC = 257;
    private static final int PREFIX = 345;
    private static final int PREFIX_LEN = 155;

    /** The fields of a header block that the reader uses. */
    public record Fields(String name, long size, char type) {
    }

    private TarHeader() {
    }

    /** True when every byte of the block is zero (an end-of-archive marker block). */
    public static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses a header block, verifying its checksum. {@code where} names the archive and position for errors.
     */
    public static Fields parse(byte[] block, String where) throws TarFormatException {
        long stored;
        try {
            stored = parseOctal(block, CHECKSUM, CHECKSUM_LEN, where, "checksum");
        } catch (TarFormatException e) {
            throw new TarFormatException(e.getMessage() + ": corrupt or not a tar file");
        }
        // The checksum is the byte sum with the checksum field read as spaces; historic tars summed signed bytes.
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            boolean inField = i >= CHECKSUM && i < CHECKSUM + CHECKSUM_LEN;
            unsigned += inField ? ' ' : block[i] & 0xff;
            signed += inField ? ' ' : block[i];
        }
        if (stored != unsigned && stored != signed) {
            throw new TarFormatException(where + ": header checksum mismatch (stored " + stored + ", computed "
                    + unsigned + "): corrupt or not a tar file");
        }
        char type = (char) (block[TYPE] & 0xff);
        long size = parseNumber(block, SIZE, SIZE_LEN, where, "size");
        String name = cString(block, NAME, NAME_LEN);
        if (isUstar(block)) {
            String prefix = cString(block, PREFIX, PREFIX_LEN);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
        }
        return new Fields(name, size, type);
    }

    /** POSIX "ustar\0" magic; GNU's "ustar  " has no prefix field (those bytes hold times), so it is not ustar. */
    private static boolean isUstar(byte[] block) {
        byte[] magic = "ustar\0".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < magic.length; i++) {
            if (block[MAGIC + i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /** A NUL-terminated (or field-filling) string; UTF-8, as GNU tar and Python's tarfile write names. */
    public static String cString(byte[] bytes, int offset, int length) {
        int end = offset;
        while (end < offset + length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
    }

    /** A numeric field: octal text, or GNU base-256 (high bit of the first byte set) for large values. */
    public static long parseNumber(byte[] block, int offset, int length, String where, String field)
            throws TarFormatException {
        int first = block[offset] & 0xff;
        if (first == 0x80) {
            long value = 0;
            for (int i = 1; i < length; i++) {
                if (value >>> 55 != 0) {
                    throw new TarFormatException(where + ": base-256 " + field + " field overflows 63 bits");
                }
                value = value << 8 | (block[offset + i] & 0xff);
            }
            return value;
        }
        if (first == 0xff) {
            throw new TarFormatException(where + ": negative base-256 " + field + " field");
        }
        return parseOctal(block, offset, length, where, field);
    }

    /** Octal digits, optionally surrounded by spaces and ended by NUL or space, as all tar writers emit. */
    public static long parseOctal(byte[] block, int offset, int length, String where, String field)
            throws TarFormatException {
        int i = offset;
        int end = offset + length;
        while (i < end && block[i] == ' ') {
            i++;
        }
        long value = 0;
        int digits = 0;
        while (i < end && block[i] >= '0' && block[i] <= '7') {
            if (value >>> 60 != 0) {
                throw new TarFormatException(where + ": octal " + field + " field overflows");
            }
            value = value << 3 | (block[i] - '0');
            digits++;
            i++;
        }
        while (i < end && (block[i] == ' ' || block[i] == 0)) {
            i++;
        }
        if (i != end || digits == 0 && !allZero(block, offset, length)) {
            throw new TarFormatException(where + ": malformed octal " + field + " field '"
                    + new String(block, offset, length, StandardCharsets.ISO_8859_1).replace('\0', ' ').trim()
                    + "'");
        }
        return value;
    }

    private static boolean allZero(byte[] block, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (block[i] != 0 && block[i] != ' ') {
                return false;
            }
        }
        return true;
    }
}

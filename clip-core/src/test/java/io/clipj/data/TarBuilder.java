package io.clipj.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/** Writes tar archives byte by byte for tests, including the variants and damage real writers produce. */
public final class TarBuilder {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A regular file with a plain ustar header (name up to 100 bytes). */
    public TarBuilder file(String name, byte[] data) {
        return entry(header(name, "", data.length, '0', false), data);
    }

    public TarBuilder file(String name, String data) {
        return file(name, data.getBytes(StandardCharsets.US_ASCII));
    }

    /** A regular file whose name is split into the ustar prefix and name fields. */
    public TarBuilder ustarPrefixed(String prefix, String name, byte[] data) {
        return entry(header(name, prefix, data.length, '0', false), data);
    }

    /** A regular file whose size is written in GNU base-256. */
    public TarBuilder base256(String name, byte[] data) {
        return entry(header(name, "", data.length, '0', true), data);
    }

    /** A GNU 'L' long-name entry, then the file with its name truncated to 100 bytes in the header. */
    public TarBuilder gnuLongName(String name, byte[] data) {
        byte[] longName = (name + "\0").getBytes(StandardCharsets.UTF_8);
        entry(header("././@LongLink", "", longName.length, 'L', false), longName);
        String shortName = name.length() > 100 ? name.substring(0, 100) : name;
        return file(shortName, data);
    }

    /** A pax 'x' header with the records, then a file whose header says {@code headerName}/{@code headerSize}. */
    public TarBuilder pax(Map<String, String> records, String headerName, long headerSize, byte[] data) {
        byte[] pax = paxRecords(records);
        entry(header("PaxHeaders/" + headerName, "", pax.length, 'x', false), pax);
        return entry(header(headerName, "", headerSize, '0', false), data);
    }

    /** A pax 'g' global header. */
    public TarBuilder globalPax(Map<String, String> records) {
        byte[] pax = paxRecords(records);
        return entry(header("GlobalHead", "", pax.length, 'g', false), pax);
    }

    /** An entry of any type with the given content. */
    public TarBuilder typed(char type, String name, byte[] data) {
        return entry(header(name, "", data.length, type, false), data);
    }

    /** A header declaring {@code size} bytes of content for an entry of type {@code type}, without content. */
    public TarBuilder headerOnly(char type, String name, long size) {
        byte[] h = header(name, "", size, type, false);
        out.write(h, 0, h.length);
        return this;
    }

    /** The archive with its two end-of-archive blocks. */
    public byte[] bytes() {
        byte[] body = out.toByteArray();
        return Arrays.copyOf(body, body.length + 1024);
    }

    /** The archive without end-of-archive blocks. */
    public byte[] bytesWithoutEnd() {
        return out.toByteArray();
    }

    public Path write(Path file) throws IOException {
        Files.write(file, bytes());
        return file;
    }

    private TarBuilder entry(byte[] header, byte[] data) {
        out.write(header, 0, header.length);
        out.write(data, 0, data.length);
        int pad = (512 - data.length % 512) % 512;
        out.write(new byte[pad], 0, pad);
        return this;
    }

    private static byte[] paxRecords(Map<String, String> records) {
        ByteArrayOutputStream pax = new ByteArrayOutputStream();
        records.forEach((k, v) -> {
            byte[] body = (" " + k + "=" + v + "\n").getBytes(StandardCharsets.UTF_8);
            int len = body.length + 1;
            while (len != body.length + Integer.toString(len).length()) {
                len = body.length + Integer.toString(len).length();
            }
            byte[] rec = (len + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            pax.write(rec, 0, rec.length);
        });
        return pax.toByteArray();
    }

    /** A ustar header block with a correct checksum. */
    public static byte[] header(String name, String prefix, long size, char type, boolean base256) {
        byte[] h = new byte[512];
        put(h, 0, 100, name.getBytes(StandardCharsets.UTF_8));
        put(h, 100, 8, "0000644\0".getBytes(StandardCharsets.US_ASCII));
        put(h, 108, 8, "0000000\0".getBytes(StandardCharsets.US_ASCII));
        put(h, 116, 8, "0000000\0".getBytes(StandardCharsets.US_ASCII));
        if (base256) {
            h[124] = (byte) 0x80;
            for (int i = 0; i < 8; i++) {
                h[135 - i] = (byte) (size >>> (8 * i));
            }
        } else {
            put(h, 124, 12, String.format("%011o\0", size).getBytes(StandardCharsets.US_ASCII));
        }
        put(h, 136, 12, "14524163140\0".getBytes(StandardCharsets.US_ASCII));
        h[156] = (byte) type;
        put(h, 257, 8, "ustar\00000".getBytes(StandardCharsets.US_ASCII));
        put(h, 345, 155, prefix.getBytes(StandardCharsets.UTF_8));
        Arrays.fill(h, 148, 156, (byte) ' ');
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, 8, String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII));
        return h;
    }

    private static void put(byte[] h, int offset, int length, byte[] value) {
        if (value.length > length) {
            throw new IllegalArgumentException("field of " + length + " bytes cannot hold " + value.length);
        }
        System.arraycopy(value, 0, h, offset, value.length);
    }
}

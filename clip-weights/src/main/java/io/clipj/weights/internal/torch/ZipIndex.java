package io.clipj.weights.internal.torch;

import io.clipj.weights.CheckpointFormatException;
import io.clipj.weights.internal.MappedFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The central directory of a zip archive (with zip64 extensions), read from a {@link MappedFile}, giving
 * each entry's compression method, sizes and the absolute file offset of its data.
 *
 * <p>{@link java.util.zip.ZipFile} cannot tell where an entry's bytes start, and torch checkpoints are
 * read by mapping their stored (uncompressed) entries in place, so the few records needed are parsed
 * here. A truncated archive loses its end-of-central-directory record and is refused.
 *
 * <p>Immutable and thread-safe.
 *
 * @param entries every entry by name, in directory order
 */
public record ZipIndex(Map<String, Entry> entries) {

    /** Compression methods. */
    public static final int STORED = 0;
    public static final int DEFLATED = 8;

    private static final int EOCD_SIG = 0x06054b50;
    private static final int ZIP64_LOCATOR_SIG = 0x07064b50;
    private static final int ZIP64_EOCD_SIG = 0x06064b50;
    private static final int CENTRAL_SIG = 0x02014b50;
    private static final int LOCAL_SIG = 0x04034b50;
    /** Bounds the directory we are willing to parse (a torch checkpoint has one entry per storage). */
    private static final long MAX_DIRECTORY = 256L << 20;

    /**
     * One archive member.
     *
     * @param name           path inside the archive
     * @param method         {@link #STORED} or {@link #DEFLATED}
     * @param compressedSize bytes in the archive
     * @param size           bytes once uncompressed
     * @param dataOffset     absolute file offset of the member's (possibly compressed) bytes
     */
    public record Entry(String name, int method, long compressedSize, long size, long dataOffset) {
    }

    /** Reads the directory of the zip archive in {@code file}. */
    public static ZipIndex read(MappedFile file) throws IOException {
        String where = file.path().toString();
        long size = file.size();
        long eocd = findEocd(file);
        ByteBuffer end = le(file.bytes(eocd, 22));
        long count = end.getShort(10) & 0xffff;
        long dirSize = end.getInt(12) & 0xffffffffL;
        long dirOffset = end.getInt(16) & 0xffffffffL;
        if (count == 0xffff || dirSize == 0xffffffffL || dirOffset == 0xffffffffL) {
            if (eocd < 20 || le(file.bytes(eocd - 20, 4)).getInt(0) != ZIP64_LOCATOR_SIG) {
                throw new CheckpointFormatException(where + ": zip64 archive without a zip64 locator (corrupt?)");
            }
            long z64 = le(file.bytes(eocd - 20, 20)).getLong(8);
            if (z64 < 0 || z64 > size - 56 || le(file.bytes(z64, 4)).getInt(0) != ZIP64_EOCD_SIG) {
                throw new CheckpointFormatException(where + ": bad zip64 end-of-central-directory record");
            }
            ByteBuffer z = le(file.bytes(z64, 56));
            count = z.getLong(32);
            dirSize = z.getLong(40);
            dirOffset = z.getLong(48);
        }
        if (dirSize < 0 || dirSize > MAX_DIRECTORY || dirOffset < 0 || dirOffset > size - dirSize) {
            throw new CheckpointFormatException(where + ": zip central directory [" + dirOffset + ", +" + dirSize
                    + ") lies outside the file (" + size + " bytes; truncated?)");
        }
        ByteBuffer dir = le(file.bytes(dirOffset, (int) dirSize));
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (long i = 0; i < count; i++) {
            Entry e = readEntry(dir, file, where);
            if (entries.put(e.name(), e) != null) {
                throw new CheckpointFormatException(where + ": duplicate zip entry '" + e.name() + "'");
            }
        }
        return new ZipIndex(Collections.unmodifiableMap(entries));
    }

    private static Entry readEntry(ByteBuffer dir, MappedFile file, String where) throws IOException {
        if (dir.remaining() < 46 || dir.getInt(dir.position()) != CENTRAL_SIG) {
            throw new CheckpointFormatException(where + ": corrupt zip central directory at entry byte " + dir.position());
        }
        int p = dir.position();
        int flags = dir.getShort(p + 8) & 0xffff;
        int method = dir.getShort(p + 10) & 0xffff;
        long compressed = dir.getInt(p + 20) & 0xffffffffL;
        long size = dir.getInt(p + 24) & 0xffffffffL;
        int nameLen = dir.getShort(p + 28) & 0xffff;
        int extraLen = dir.getShort(p + 30) & 0xffff;
        int commentLen = dir.getShort(p + 32) & 0xffff;
        long local = dir.getInt(p + 42) & 0xffffffffL;
        if (dir.remaining() < 46 + nameLen + extraLen + commentLen) {
            throw new CheckpointFormatException(where + ": corrupt zip central directory (entry runs past its end)");
        }
        byte[] nameBytes = new byte[nameLen];
        dir.get(p + 46, nameBytes);
        String name = new String(nameBytes, StandardCharsets.UTF_8);
        // zip64 extra field: the 64-bit values of exactly those fields that read 0xffffffff
        int x = p + 46 + nameLen;
        int xEnd = x + extraLen;
        while (x + 4 <= xEnd) {
            int id = dir.getShort(x) & 0xffff;
            int len = dir.getShort(x + 2) & 0xffff;
            if (id == 0x0001) {
                int q = x + 4;
                if (size == 0xffffffffL && q + 8 <= x + 4 + len) {
                    size = dir.getLong(q);
                    q += 8;
                }
                if (compressed == 0xffffffffL && q + 8 <= x + 4 + len) {
                    compressed = dir.getLong(q);
                    q += 8;
                }
                if (local == 0xffffffffL && q + 8 <= x + 4 + len) {
                    local = dir.getLong(q);
                }
            }
            x += 4 + len;
        }
        dir.position(p + 46 + nameLen + extraLen + commentLen);
        String entryWhere = where + ": zip entry '" + name + "'";
        if ((flags & 1) != 0) {
            throw new CheckpointFormatException(entryWhere + " is encrypted");
        }
        if (size < 0 || compressed < 0) {
            // zip64 sizes are unsigned 64-bit: beyond Long.MAX_VALUE they arrive negative here
            throw new CheckpointFormatException(entryWhere + " declares an impossible size (" + Long.toUnsignedString(size)
                    + " bytes, " + Long.toUnsignedString(compressed) + " compressed)");
        }
        if (method != STORED && method != DEFLATED) {
            throw new CheckpointFormatException(entryWhere + " uses unsupported compression method " + method);
        }
        if (method == STORED && compressed != size) {
            throw new CheckpointFormatException(entryWhere + " is stored but its sizes differ (" + compressed + " vs " + size + ")");
        }
        if (local < 0 || local > file.size() - 30 || le(file.bytes(local, 4)).getInt(0) != LOCAL_SIG) {
            throw new CheckpointFormatException(entryWhere + ": no local header at offset " + local + " (truncated or corrupt)");
        }
        ByteBuffer lh = le(file.bytes(local, 30));
        long data = local + 30 + (lh.getShort(26) & 0xffff) + (lh.getShort(28) & 0xffff);
        if (compressed < 0 || data > file.size() - compressed) {
            throw new CheckpointFormatException(entryWhere + ": data [" + data + ", +" + compressed
                    + ") extends past the end of the file (" + file.size() + " bytes; truncated?)");
        }
        return new Entry(name, method, compressed, size, data);
    }

    private static long findEocd(MappedFile file) throws IOException {
        long size = file.size();
        if (size < 22) {
            throw new CheckpointFormatException(file.path() + ": too short to be a zip archive (" + size + " bytes)");
        }
        long from = Math.max(0, size - 22 - 0xffff);
        ByteBuffer tail = le(file.bytes(from, (int) (size - from)));
        for (int p = tail.limit() - 22; p >= 0; p--) {
            if (tail.getInt(p) == EOCD_SIG && p + 22 + (tail.getShort(p + 20) & 0xffff) == tail.limit()) {
                return from + p;
            }
        }
        throw new CheckpointFormatException(file.path() + ": not a zip archive or truncated "
                + "(no end-of-central-directory record)");
    }

    private static ByteBuffer le(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}

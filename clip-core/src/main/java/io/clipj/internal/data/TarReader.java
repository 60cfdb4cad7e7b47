package io.clipj.internal.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A streaming tar reader: reports regular-file members one at a time and reads (or skips) their content,
 * never holding more than one member in memory.
 *
 * <p>Handles POSIX ustar (the {@code prefix} field), GNU long names ({@code 'L'} entries), pax extended
 * headers ({@code 'x'} local and {@code 'g'} global; their {@code path} and {@code size} keys), octal and
 * base-256 numbers, and verifies each header's checksum. Directories, hard and symbolic links, devices,
 * FIFOs and unknown entry types are skipped (their names are never used, links are never followed).
 * Truncated input is an error; input that simply stops at a header boundary without the two zero blocks
 * that end an archive is accepted, as Python's {@code tarfile} (and so webdataset) does.
 *
 * <pre>{@code
 * try (TarReader tar = new TarReader(Files.newInputStream(path), path.toString())) {
 *     for (TarEntry e; (e = tar.nextEntry()) != null; ) {
 *         byte[] content = tar.readContent(); // optional: unread content is skipped by nextEntry()
 *     }
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one thread reads one archive.
 */
public final class TarReader implements Closeable {

    /** Largest GNU long-name or pax header record accepted, so a hostile archive cannot exhaust memory. */
    public static final int MAX_METADATA_BYTES = 1 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(TarReader.class);

    private final InputStream in;
    private final String source;
    private final byte[] block = new byte[TarHeader.BLOCK];
    private final byte[] scratch = new byte[64 * 1024];
    private final Map<String, String> globalPax = new HashMap<>();
    private TarEntry current;
    /** Name and declared size of the entry being consumed (any type), for truncation messages. */
    private String entryName = "?";
    private long entrySize;
    private long remaining;
    private long padding;
    private long position;
    private boolean ended;

    /**
     * Reads a tar archive from {@code in} (closed by {@link #close()}); {@code source} names it in messages.
     * Wrap file streams in a {@link java.io.BufferedInputStream} only if they are not buffered already;
     * this reader reads whole blocks.
     */
    public TarReader(InputStream in, String source) {
        this.in = in;
        this.source = source;
    }

    /** The next regular-file member, skipping what is left of the previous one; {@code null} at the end. */
    public TarEntry nextEntry() throws IOException {
        skipRest();
        current = null;
        String longName = null;
        Map<String, String> localPax = Map.of();
        while (!ended) {
            long headerAt = position;
            int n = in.readNBytes(block, 0, TarHeader.BLOCK);
            position += n;
            if (n == 0) {
                LOG.debug("{}: no end-of-archive blocks; treating end of file as the end", source);
                ended = true;
                break;
            }
            if (n < TarHeader.BLOCK) {
                throw new TarFormatException(source + ": truncated tar header at byte " + headerAt);
            }
            if (TarHeader.isZero(block)) {
                ended = true; // the first of the two zero blocks ends the archive, as in Python's tarfile
                break;
            }
            String where = source + " (header at byte " + headerAt + ")";
            TarHeader.Fields h = TarHeader.parse(block, where);
            switch (h.type()) {
                case 'L' -> longName = TarHeader.cString(readMetadata(h, where), 0, (int) h.size());
                case 'x' -> localPax = PaxHeaders.parse(readMetadata(h, where), where);
                case 'g' -> globalPax.putAll(PaxHeaders.parse(readMetadata(h, where), where));
                case 'K' -> {
                    begin("(GNU long link name)", h.size()); // link targets are never used
                    skipRest();
                }
                default -> {
                    String name = pick("path", localPax, longName != null ? longName : h.name());
                    String paxSize = pick("size", localPax, null);
                    long size = paxSize != null ? PaxHeaders.size(paxSize, where) : h.size();
                    begin(name, size);
                    if (isRegular(h.type()) && !name.endsWith("/")) {
                        current = new TarEntry(name, size);
                        return current;
                    }
                    if (!isKnownNonFile(h.type()) && !name.endsWith("/")) {
                        LOG.warn("{}: skipping member '{}' of unsupported tar type '{}'", source, MemberNames.printable(name),
                                MemberNames.printable(String.valueOf(h.type())));
                    }
                    skipRest();
                    longName = null;
                    localPax = Map.of();
                }
            }
        }
        return null;
    }

    /**
     * Reads the whole content of the member last returned by {@link #nextEntry()}. The caller bounds the
     * size (by {@link TarEntry#size()}) before calling; content larger than 2 GB cannot be read.
     */
    public byte[] readContent() throws IOException {
        if (current == null) {
            throw new IllegalStateException(source + ": no current tar member to read");
        }
        if (remaining > Integer.MAX_VALUE - 8) {
            throw new TarFormatException(source + ": member '" + current.name() + "' of " + remaining
                    + " bytes is too large to read into memory");
        }
        return readRemaining();
    }

    private byte[] readRemaining() throws IOException {
        byte[] content = in.readNBytes((int) remaining);
        position += content.length;
        if (content.length < remaining) {
            throw truncated(entrySize - remaining + content.length);
        }
        remaining = 0;
        return content;
    }

    /** Bytes of the archive consumed so far. */
    public long position() {
        return position;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private String pick(String key, Map<String, String> localPax, String fallback) {
        String value = localPax.get(key);
        if (value == null) {
            value = globalPax.get(key);
        }
        return value != null ? value : fallback;
    }

    private byte[] readMetadata(TarHeader.Fields h, String where) throws IOException {
        if (h.size() > MAX_METADATA_BYTES) {
            throw new TarFormatException(where + ": tar metadata entry of type '" + h.type() + "' has "
                    + h.size() + " bytes (limit " + MAX_METADATA_BYTES + ")");
        }
        begin("(tar '" + h.type() + "' header)", h.size());
        byte[] content = readRemaining();
        skipRest();
        return content;
    }

    private void begin(String name, long size) {
        entryName = name;
        entrySize = size;
        remaining = size;
        padding = (TarHeader.BLOCK - size % TarHeader.BLOCK) % TarHeader.BLOCK;
    }

    /** Consumes the rest of the current member and its block padding, detecting truncation. */
    private void skipRest() throws IOException {
        long toSkip = remaining + padding;
        long done = 0;
        while (done < toSkip) {
            int n = in.read(scratch, 0, (int) Math.min(scratch.length, toSkip - done));
            if (n < 0) {
                if (done < remaining) {
                    throw truncated(entrySize - remaining + done);
                }
                throw new TarFormatException(source + ": truncated tar archive (block padding missing after member '"
                        + entryName + "')");
            }
            done += n;
            position += n;
        }
        remaining = 0;
        padding = 0;
    }

    private TarFormatException truncated(long got) {
        return new TarFormatException(source + ": truncated tar archive: member '" + entryName + "' declares "
                + entrySize + " bytes, the archive ends after " + got);
    }

    private static boolean isRegular(char type) {
        return type == '0' || type == '\0' || type == '7';
    }

    /** Link, device, directory and FIFO entries, skipped without a warning. */
    private static boolean isKnownNonFile(char type) {
        return type >= '1' && type <= '6';
    }
}

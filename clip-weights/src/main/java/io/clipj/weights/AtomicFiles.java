package io.clipj.weights;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * The one way this project publishes a file: written to a hidden temporary sibling
 * ({@code .name.<random>.tmp}, created with the process's normal permissions), forced to disk, then renamed
 * over the target atomically. A reader never sees a half-written file, a failed write (an {@link Error} or an
 * interrupt included) deletes the temporary and leaves the target untouched, and a crash cannot leave the new
 * name pointing at blocks that were never written. Only a killed JVM can leave the hidden temporary behind.
 *
 * <p>Stateless and thread-safe.
 */
public final class AtomicFiles {

    /** Writes the content of a file into an open channel. */
    @FunctionalInterface
    public interface Body {
        void write(FileChannel channel) throws IOException;
    }

    /** Writes the content of a file to a buffered stream (flushed and closed by {@link AtomicFiles}). */
    @FunctionalInterface
    public interface StreamBody {
        void write(OutputStream out) throws IOException;
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFiles() {
    }

    /** Writes {@code file} (creating its directory) via {@code body}; on any failure the target is untouched. */
    public static void write(Path file, Body body) throws IOException {
        Path abs = file.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        // not Files.createTempFile: its owner-only permissions would stick to the published file
        Path tmp = abs.resolveSibling("." + abs.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
                body.write(ch);
                ch.force(true); // the rename must not reach the disk before the data does
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("interrupted while writing " + file + "; nothing was written");
            }
            move(tmp, abs);
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** {@link #write(Path, Body)} for content written as a stream (buffered; flushed before the fsync). */
    public static void writeStream(Path file, StreamBody body) throws IOException {
        write(file, ch -> {
            OutputStream os = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
            body.write(new FilterOutputStream(os) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush(); // a body that closes its stream (e.g. Jackson) must not close the channel before fsync
                }
            });
            os.flush();
        });
    }

    /**
     * Renames {@code from} over {@code to}, atomically where the file system can (falling back to a plain
     * replacing move where it cannot, e.g. across file stores). For callers that wrote and synced
     * {@code from} themselves, such as resumable downloads.
     */
    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}

package io.clipj.weights.internal.hub;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exclusive right to write one blob, across threads and processes: an in-JVM lock per lock file (a JVM may
 * hold only one {@link FileLock} on a file) plus {@link FileChannel#lock()} on
 * {@code .locks/models--org--name/{etag}.lock}, huggingface_hub's lock path. The lock file is left in place,
 * as filelock does, because deleting it would let a third process lock a different inode.
 *
 * <p>Note: the JDK's {@code FileChannel.lock} is an {@code fcntl} record lock on Linux, while Python's
 * {@code filelock} uses {@code flock}; the two do not exclude each other, so a Java and a Python process
 * downloading the same blob at the same moment are not serialized (two Java processes, or threads, are).
 *
 * <p>Thread-safe; each instance is owned by the thread that acquired it and released by {@link #close()}.
 */
public final class BlobLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BlobLock.class);
    // One entry per blob ever locked in this JVM: a few dozen strings, not worth reference counting.
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

    private final ReentrantLock local;
    private final FileChannel channel;
    private final FileLock fileLock;

    private BlobLock(ReentrantLock local, FileChannel channel, FileLock fileLock) {
        this.local = local;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    /** Blocks until this thread holds the blob's lock. */
    public static BlobLock acquire(Path lockFile, String what) throws IOException {
        Path parent = lockFile.toAbsolutePath().normalize().getParent();
        Files.createDirectories(parent);
        // The real path, so that two spellings of one cache (a symlinked dir) share the in-JVM lock too.
        Path key = parent.toRealPath().resolve(lockFile.getFileName());
        ReentrantLock local = IN_JVM.computeIfAbsent(key, k -> new ReentrantLock());
        if (!local.tryLock()) {
            LOG.info("waiting for another thread downloading {}", what);
            local.lock();
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                LOG.info("waiting for another process downloading {} (lock {})", what, key);
                lock = channel.lock();
            }
            return new BlobLock(local, channel, lock);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            local.unlock();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            fileLock.release();
            channel.close();
        } finally {
            local.unlock();
        }
    }
}

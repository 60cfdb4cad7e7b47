package io.clipj.weights.internal.hub;

import io.clipj.weights.hub.HubException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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

    /**
     * Waits until this thread holds the blob's lock, for as long as whoever holds it (another thread or process)
     * is making progress: the holder's {@code incomplete} file must grow by {@code minRate} bytes per second over
     * each {@code window}, after a first grace period of {@code grace} (its metadata request). A holder that
     * trickles, or hangs without writing, makes this give up with a {@link HubException} naming the lock, instead
     * of waiting as long as the holder does. A complete partial file ({@code size} bytes: the holder is checking
     * its hash) counts as progress. With {@code minRate == 0} it waits indefinitely, as filelock does.
     */
    public static BlobLock acquire(Path lockFile, Path incomplete, long size, String what, long minRate, Duration window,
            Duration grace) throws IOException {
        Path parent = lockFile.toAbsolutePath().normalize().getParent();
        Files.createDirectories(parent);
        // The real path, so that two spellings of one cache (a symlinked dir) share the in-JVM lock too.
        Path key = parent.toRealPath().resolve(lockFile.getFileName());
        ReentrantLock local = IN_JVM.computeIfAbsent(key, k -> new ReentrantLock());
        Waiter waiter = new Waiter(key, incomplete, size, what, minRate, window, grace);
        if (!local.tryLock()) {
            LOG.info("waiting for another thread downloading {}", what);
            try {
                while (!local.tryLock(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    waiter.check("another thread");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the lock " + key);
            }
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                LOG.info("waiting for another process downloading {} (lock {})", what, key);
                waiter.restart();
                while ((lock = channel.tryLock()) == null) {
                    waiter.check("another process");
                    try {
                        Thread.sleep(POLL_MILLIS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted while waiting for the lock " + key);
                    }
                }
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

    private static final long POLL_MILLIS = 100;

    /** Watches the holder's partial file while waiting for its lock. */
    private static final class Waiter {
        private final Path lock;
        private final Path incomplete;
        private final long complete;
        private final String what;
        private final long minRate;
        private final long windowNanos;
        private final long graceNanos;
        private long since;
        private long windowStart;
        private long windowStartSize;

        Waiter(Path lock, Path incomplete, long complete, String what, long minRate, Duration window,
                Duration grace) {
            this.lock = lock;
            this.incomplete = incomplete;
            this.complete = complete;
            this.what = what;
            this.minRate = minRate;
            this.windowNanos = window.toNanos();
            this.graceNanos = grace.toNanos();
            restart();
        }

        void restart() {
            since = System.nanoTime();
            windowStart = since + graceNanos;
            windowStartSize = size();
        }

        void check(String holder) throws HubException {
            long now = System.nanoTime();
            if (minRate <= 0 || now - windowStart < windowNanos) {
                return;
            }
            long size = size();
            long grown = size - windowStartSize;
            double seconds = (now - windowStart) / 1e9;
            if (grown < minRate * seconds && size < complete) {
                throw new HubException(HubException.Reason.CONNECTION, "gave up waiting for " + holder
                        + " downloading " + what + " after " + Math.round((now - since) / 1e9) + " s: its partial file "
                        + incomplete + " grew by " + Math.max(0, grown) + " bytes in the last " + Math.round(seconds)
                        + " s, below the minimum of " + minRate + " bytes/s (HF_HUB_DOWNLOAD_MIN_RATE); lock " + lock
                        + ". Run again once it finishes, or stop the stuck process.");
            }
            windowStart = now;
            windowStartSize = size;
        }

        private long size() {
            try {
                return Files.exists(incomplete) ? Files.size(incomplete) : 0;
            } catch (IOException e) {
                return 0; // renamed into place (or removed) between the two calls: no growth to count
            }
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

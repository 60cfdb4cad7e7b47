package io.clipj.weights.internal.hub;

import io.clipj.weights.AtomicFiles;
import io.clipj.weights.hub.HubException;
import io.clipj.weights.hub.DownloadListener;
import io.clipj.weights.hub.HubOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads one blob into {@code blobs/{etag}.incomplete}, resuming with {@code Range: bytes=N-} from
 * whatever is already there (after a dropped connection in this run, or a partial file left by an earlier
 * run, Java's or Python's), then checks the size and, for LFS files, the SHA-256 against the ETag, and only
 * then renames it to {@code blobs/{etag}}. A file that fails a check is deleted, because resuming would only
 * reproduce the bad bytes; an interrupted one is kept for the next attempt.
 *
 * <p>Thread-safe (stateless apart from its collaborators); callers hold the blob's {@link BlobLock}.
 */
public final class BlobDownloader {

    private static final Logger LOG = LoggerFactory.getLogger(BlobDownloader.class);
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-\\d+/(\\d+|\\*)");
    private static final int BUFFER = 1 << 20;
    private static final Pattern GIT_SHA1 = Pattern.compile("^[0-9a-f]{40}$");

    private final HubHttp http;
    private final HubOptions options;

    public BlobDownloader(HubHttp http, HubOptions options) {
        this.http = http;
        this.options = options;
    }

    /** Makes {@code blob} hold the verified bytes of {@code meta}; no-op when it already exists. */
    public void download(FileMetadata meta, Path blob, Path incomplete, String repoId, String filename) throws IOException {
        if (Files.exists(blob)) {
            return;
        }
        Files.createDirectories(blob.getParent());
        int failures = 0;
        while (true) {
            long have = Files.exists(incomplete) ? Files.size(incomplete) : -1;
            if (have > meta.size()) {
                LOG.warn("partial file {} is larger than {} ({} > {} bytes); starting over", incomplete, filename,
                        have, meta.size());
                Files.delete(incomplete);
                have = -1;
            }
            if (have == meta.size()) {
                break;
            }
            try {
                fetch(meta, incomplete, Math.max(have, 0), repoId, filename);
            } catch (HubException e) {
                if (e.reason() != HubException.Reason.CONNECTION) {
                    throw e;
                }
                failures = retryOrThrow(failures, meta, incomplete, filename, e);
                continue;
            } catch (InterruptedIOException e) {
                throw e;
            } catch (TooSlow e) {
                throw new HubException(HubException.Reason.CONNECTION, e.getMessage() + ". Run again to resume from "
                        + incomplete + ", or check the network.", e);
            } catch (IOException e) {
                failures = retryOrThrow(failures, meta, incomplete, filename, e);
                continue;
            }
            long now = Files.size(incomplete);
            if (now > meta.size()) {
                Files.deleteIfExists(incomplete);
                throw new HubException(HubException.Reason.SIZE_MISMATCH, "downloaded " + filename + " of '" + repoId
                        + "' has " + now + " bytes but the Hub announced " + meta.size() + "; the partial file "
                        + incomplete + " was removed. Run again; if it persists, a proxy may be altering downloads.");
            }
            if (now < meta.size()) {
                failures = retryOrThrow(failures, meta, incomplete, filename,
                        new IOException("response ended at byte " + now + " of " + meta.size()));
            }
        }
        String actual = null;
        if (meta.lfs()) {
            actual = sha256(incomplete);
        } else if (GIT_SHA1.matcher(meta.etag()).matches()) {
            // A regular file's ETag is its git blob id; checking it costs nothing for these small files.
            actual = gitBlobSha1(incomplete);
        }
        if (actual != null) {
            if (!actual.equalsIgnoreCase(meta.etag())) {
                String algorithm = meta.lfs() ? "SHA-256" : "git blob SHA-1";
                Files.deleteIfExists(incomplete);
                throw new HubException(HubException.Reason.CHECKSUM_MISMATCH, algorithm + " of downloaded " + filename
                        + " (" + repoId + " at " + meta.commit() + ", from " + meta.location() + ") is " + actual
                        + ", expected " + meta.etag() + "; the partial file " + incomplete + " was removed. Run again"
                        + " to download it afresh; if it persists, a proxy or mirror is altering downloads.");
            }
        }
        AtomicFiles.move(incomplete, blob);
        LOG.debug("stored {} of {} as {}", filename, repoId, blob);
    }

    private int retryOrThrow(int failures, FileMetadata meta, Path incomplete, String filename, IOException cause)
            throws IOException {
        long have = Files.exists(incomplete) ? Files.size(incomplete) : 0;
        if (failures >= options.maxRetries()) {
            throw new HubException(HubException.Reason.CONNECTION, "download of " + filename + " from "
                    + meta.location() + " was interrupted at " + have + " of " + meta.size() + " bytes after "
                    + (failures + 1) + " attempts (" + cause.getMessage() + "). Run again to resume from " + incomplete
                    + ", or check the network.", cause);
        }
        long waitMillis = Math.min(200L << failures, 5_000L);
        LOG.warn("download of {} interrupted at {} of {} bytes ({}); resuming in {} ms", filename, have, meta.size(),
                cause.toString(), waitMillis);
        try {
            Thread.sleep(waitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to resume " + filename);
        }
        return failures + 1;
    }

    private void fetch(FileMetadata meta, Path incomplete, long from, String repoId, String filename)
            throws IOException {
        HttpResponse<InputStream> r = http.get(meta.location(), from, repoId, meta.commit(), filename);
        long start = from;
        boolean truncate = false;
        if (r.statusCode() == 416) {
            // The server has no bytes from `from` on although the Hub announced more: start over.
            HubHttp.closeQuietly(r.body());
            Files.deleteIfExists(incomplete);
            throw new IOException("server refused range from byte " + from + " (416)");
        }
        if (r.statusCode() == 200 && from > 0) {
            LOG.info("server ignored the Range request for {}; downloading from the start", filename);
            start = 0;
            truncate = true;
        } else if (r.statusCode() == 206) {
            Matcher m = CONTENT_RANGE.matcher(r.headers().firstValue("Content-Range").orElse(""));
            if (!m.matches() || Long.parseLong(m.group(1)) != from) {
                HubHttp.closeQuietly(r.body());
                throw new HubException(HubException.Reason.PROTOCOL, "server answered a Range request from byte "
                        + from + " for " + filename + " with Content-Range '"
                        + r.headers().firstValue("Content-Range").orElse("") + "'; delete " + incomplete + " and retry");
            }
        }
        long expected = meta.size() - start;
        OptionalLong announced = contentLength(r);
        if (announced.isPresent() && announced.getAsLong() > expected) {
            HubHttp.closeQuietly(r.body());
            throw oversized(meta, filename, repoId, incomplete, start + announced.getAsLong());
        }
        boolean show = options.progress() && meta.size() > options.progressThreshold();
        InputStream in = r.body();
        StallWatchdog watchdog = StallWatchdog.watch(in, options.requestTimeout(), options.minRate(),
                options.rateWindow());
        boolean overflow = false;
        long have = start;
        try (in;
                OutputStream out = Files.newOutputStream(incomplete, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        truncate ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND);
                DownloadListener.Download progress = show ? options.listener().started(filename, meta.size(), start)
                        : DownloadListener.NONE.started(filename, meta.size(), start)) {
            byte[] buf = new byte[BUFFER];
            int n;
            // read at most one byte past the announced size: enough to know the server sends too much, and never
            // more than that reaches the disk
            while ((n = in.read(buf, 0, (int) Math.min(buf.length, meta.size() - have + 1))) >= 0) {
                watchdog.progressed(n);
                if (have + n > meta.size()) {
                    out.write(buf, 0, (int) (meta.size() - have));
                    overflow = true;
                    break;
                }
                out.write(buf, 0, n);
                have += n;
                progress.progressed(have);
            }
        } catch (IOException e) {
            if (watchdog.fired()) {
                throw watchdogFailure(watchdog, meta, filename, have, e);
            }
            throw e;
        } finally {
            watchdog.stop();
        }
        if (overflow) {
            throw oversized(meta, filename, repoId, incomplete, -1);
        }
        if (watchdog.fired()) {
            throw watchdogFailure(watchdog, meta, filename, have, null);
        }
    }

    /** Content-Length of a response, when present and numeric. */
    private static OptionalLong contentLength(HttpResponse<?> r) {
        try {
            return r.headers().firstValueAsLong("Content-Length");
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The server sends more than the Hub announced: the partial file is removed, nothing past the size is kept. */
    private HubException oversized(FileMetadata meta, String filename, String repoId, Path incomplete, long claimed)
            throws IOException {
        Files.deleteIfExists(incomplete);
        return new HubException(HubException.Reason.SIZE_MISMATCH, "the server sends more of " + filename + " of '"
                + repoId + "' than the " + meta.size() + " bytes the Hub announced"
                + (claimed >= 0 ? " (its Content-Length adds up to " + claimed + ")" : "")
                + "; stopped at the announced size and removed the partial file " + incomplete
                + ". If it persists, a proxy or mirror is altering downloads.");
    }

    /** Why the watchdog closed the body: a stall (resumed by the caller) or a trickle (abandoned). */
    private IOException watchdogFailure(StallWatchdog watchdog, FileMetadata meta, String filename, long have,
            IOException cause) {
        if (watchdog.verdict() == StallWatchdog.Verdict.TOO_SLOW) {
            TooSlow slow = new TooSlow("download of " + filename + " from " + meta.location() + " is too slow: "
                    + watchdog.slowWindowBytes() + " bytes in " + options.rateWindow().toSeconds() + " s, below the"
                    + " minimum of " + options.minRate() + " bytes/s (HF_HUB_DOWNLOAD_MIN_RATE); abandoned at byte "
                    + have + " of " + meta.size());
            if (cause != null) {
                slow.initCause(cause);
            }
            return slow;
        }
        return new IOException("no data for " + options.requestTimeout().toSeconds() + " s", cause);
    }

    /** A body slower than the minimum rate: abandoned, not resumed (resuming would trickle again). */
    static final class TooSlow extends IOException {
        TooSlow(String message) {
            super(message);
        }
    }

    public static String sha256(Path file) throws IOException {
        return hash(file, digest("SHA-256"));
    }

    /** Git's blob id: SHA-1 of {@code "blob <size>\0"} followed by the content. */
    public static String gitBlobSha1(Path file) throws IOException {
        MessageDigest digest = digest("SHA-1");
        digest.update(("blob " + Files.size(file) + "\0").getBytes(StandardCharsets.US_ASCII));
        return hash(file, digest);
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has " + algorithm, e);
        }
    }

    private static String hash(Path file, MessageDigest digest) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(BUFFER);
            while (ch.read(buf) >= 0) {
                buf.flip();
                digest.update(buf);
                buf.clear();
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}

package io.clipj.weights.internal.hub;

import io.clipj.weights.hub.HubException;
import io.clipj.weights.hub.HubOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts one repo file into the cache and returns its snapshot path, following huggingface_hub's
 * {@code hf_hub_download} (cache-dir variant) step by step:
 * <ol>
 *   <li>a commit-hash revision whose snapshot already has the file (or whose {@code .no_exist} marks it
 *       absent) needs no network;</li>
 *   <li>offline, the file is looked up through {@code refs/{revision}};</li>
 *   <li>online, a HEAD gives commit, ETag, size and location; a 404 {@code EntryNotFound} is recorded in
 *       {@code .no_exist/{commit}/{file}}; a failed HEAD (no connection, 5xx, 401/403) falls back to the cache and
 *       is raised only when the cache lacks the file;</li>
 *   <li>{@code refs/{revision}} is updated, then under the blob's lock the blob is downloaded if missing and the
 *       snapshot entry linked to it.</li>
 * </ol>
 * An empty result means the file is known not to exist at that revision.
 *
 * <p>Thread-safe: all shared state is on disk, guarded by atomic renames and {@link BlobLock}.
 */
public final class FileFetcher {

    private static final Logger LOG = LoggerFactory.getLogger(FileFetcher.class);

    private final HubCache cache;
    private final HubHttp http;
    private final BlobDownloader downloader;
    private final HubOptions options;

    public FileFetcher(HubCache cache, HubHttp http, HubOptions options) {
        this.cache = cache;
        this.http = http;
        this.options = options;
        this.downloader = new BlobDownloader(http, options);
    }

    public Optional<Path> fetch(String repoId, String revision, String filename) throws IOException {
        if (HubCache.isCommitHash(revision)) {
            Optional<Optional<Path>> known = cached(repoId, revision, filename);
            if (known.isPresent()) {
                return known.get();
            }
        }
        if (options.offline()) {
            return fromCacheOr(repoId, revision, filename, new HubException(HubException.Reason.NOT_CACHED,
                    notCachedMessage(repoId, revision, filename, "offline mode is on (HF_HUB_OFFLINE or "
                            + "HubOptions.offline)")));
        }
        FileMetadata meta;
        try {
            meta = http.head(repoId, revision, filename);
        } catch (HubException e) {
            switch (e.reason()) {
                case ENTRY_NOT_FOUND:
                    if (e.repoCommit() != null && HubCache.isCommitHash(e.repoCommit())) {
                        cache.markNoExist(repoId, e.repoCommit(), filename);
                        cache.writeRef(repoId, revision, e.repoCommit());
                    }
                    LOG.debug("{} not in {}@{}", filename, repoId, revision);
                    return Optional.empty();
                case REVISION_NOT_FOUND:
                case PROTOCOL:
                    throw e;
                default:
                    // No connection, Hub down, private/gated: the cache may still have it (as in Python).
                    return fromCacheOr(repoId, revision, filename, e);
            }
        }
        Path blob = cache.blob(repoId, meta.etag());
        Path pointer = cache.pointer(repoId, meta.commit(), filename);
        if (Files.exists(pointer)) {
            try {
                cache.writeRef(repoId, revision, meta.commit());
            } catch (IOException e) {
                // A read-only cache that has the file is still usable (huggingface_hub ignores this too).
                LOG.debug("could not update refs/{} of {}: {}", revision, repoId, e.toString());
            }
            return Optional.of(pointer);
        }
        cache.tagCacheDir();
        cache.writeRef(repoId, revision, meta.commit());
        BlobLock lock = BlobLock.acquire(cache.lock(repoId, meta.etag()), cache.incomplete(repoId, meta.etag()),
                meta.size(), filename + " of " + repoId, options.minRate(), options.rateWindow(),
                options.connectTimeout().plus(options.requestTimeout()));
        try {
            if (!Files.exists(blob)) {
                LOG.info("downloading {} of {} ({} bytes) at {}", filename, repoId, meta.size(), meta.commit());
                downloader.download(meta, blob, cache.incomplete(repoId, meta.etag()), repoId, filename);
            }
            if (!Files.exists(pointer)) {
                cache.createPointer(blob, pointer);
            }
        } finally {
            lock.close();
        }
        return Optional.of(pointer);
    }

    /** What the cache knows at {@code commit}: present, known absent, or (outer empty) unknown. */
    private Optional<Optional<Path>> cached(String repoId, String commit, String filename) {
        Path pointer = cache.pointer(repoId, commit, filename);
        if (Files.exists(pointer)) {
            return Optional.of(Optional.of(pointer));
        }
        if (cache.isNoExist(repoId, commit, filename)) {
            return Optional.of(Optional.empty());
        }
        return Optional.empty();
    }

    private Optional<Path> fromCacheOr(String repoId, String revision, String filename, HubException failure)
            throws IOException {
        Optional<String> commit = cache.commitFor(repoId, revision);
        if (commit.isPresent()) {
            Optional<Optional<Path>> known = cached(repoId, commit.get(), filename);
            if (known.isPresent()) {
                if (!options.offline()) {
                    LOG.warn("could not check the Hub for {} of {} ({}); using the cached copy at commit {}",
                            filename, repoId, failure.getMessage(), commit.get());
                }
                return known.get();
            }
        }
        if (failure.reason() == HubException.Reason.NOT_CACHED) {
            throw failure;
        }
        throw new HubException(failure.reason(), failure.getMessage() + " " + filename + " is not in the cache "
                + cache.root() + " either.", failure.getCause(), failure.repoCommit(), true);
    }

    public String notCachedMessage(String repoId, String revision, String filename, String why) {
        return why + " and " + filename + " of '" + repoId + "' at revision '" + revision + "' is not in the cache "
                + cache.storage(repoId) + ". Set HF_HUB_OFFLINE=0 (or HubOptions.offline(false)) to download it, or"
                + " download the model first while online (e.g. huggingface-cli download " + repoId + ").";
    }
}

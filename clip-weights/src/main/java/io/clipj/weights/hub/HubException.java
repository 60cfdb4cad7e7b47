package io.clipj.weights.hub;

import java.io.IOException;
import java.util.Objects;

/**
 * A model could not be resolved from the Hub or the cache. The message says what happened, to which repo,
 * revision, file or URL, and what to do about it; {@link #reason()} classifies it for callers and tests.
 *
 * <p>Immutable (as far as {@link Throwable} allows) and thread-safe.
 */
public final class HubException extends IOException {

    /** What went wrong. */
    public enum Reason {
        /** The argument is not a directory and not a valid repo id. */
        INVALID_REPO_ID,
        /** The Hub does not know the repo (or it is private and no/invalid token was sent). */
        REPO_NOT_FOUND,
        /** The repo exists but the branch, tag or commit does not. */
        REVISION_NOT_FOUND,
        /** The revision exists but lacks a required file. */
        ENTRY_NOT_FOUND,
        /** 401/403: gated or private repo, missing or insufficient token. */
        UNAUTHORIZED,
        /** Offline (or unreachable) and the cache lacks what is needed. */
        NOT_CACHED,
        /** A downloaded file's SHA-256 differs from the Hub's. */
        CHECKSUM_MISMATCH,
        /** A downloaded file's length differs from the Hub's. */
        SIZE_MISMATCH,
        /** The connection failed or timed out. */
        CONNECTION,
        /** The server answered something a Hub does not (no commit header, no ETag, unexpected status). */
        PROTOCOL
    }

    private final Reason reason;
    /** {@code X-Repo-Commit} of an error response (a 404 for a missing file names the commit), or null. */
    private final String repoCommit;
    private final boolean cacheMiss;

    public HubException(Reason reason, String message) {
        this(reason, message, null, null);
    }

    public HubException(Reason reason, String message, Throwable cause) {
        this(reason, message, cause, null);
    }

    public HubException(Reason reason, String message, Throwable cause, String repoCommit) {
        this(reason, message, cause, repoCommit, reason == Reason.NOT_CACHED);
    }

    public HubException(Reason reason, String message, Throwable cause, String repoCommit, boolean cacheMiss) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.repoCommit = repoCommit;
        this.cacheMiss = cacheMiss;
    }

    public String repoCommit() {
        return repoCommit;
    }

    /**
     * True when the Hub could not be asked about the file (offline, no connection, 401/403, server error) and the
     * cache lacks it, as opposed to a failed download: callers may then fall back to another, cached file.
     */
    boolean cacheMiss() {
        return cacheMiss;
    }

    /** The kind of failure. */
    public Reason reason() {
        return reason;
    }
}

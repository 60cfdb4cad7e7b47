package io.clipj.weights.hub;

/**
 * Where a {@link HubResolver} reports the progress of its file downloads, so an application shows it its own
 * way (the command line draws a progress bar; a server may log) and this module needs no terminal library.
 * Only files larger than {@link HubOptions#progressThreshold()} are reported, and only when
 * {@link HubOptions#progress()} is on, so resolving a cached model reports nothing.
 *
 * <pre>{@code
 * HubOptions options = HubOptions.builder()
 *         .listener((file, total, initial) -> bytes -> log.info("{}: {} of {} bytes", file, bytes, total))
 *         .build();
 * }</pre>
 *
 * <p>Implementations must be thread-safe: downloads on several threads call {@link #started} concurrently; each
 * returned {@link Download} is used by its download's thread only.
 */
@FunctionalInterface
public interface DownloadListener {

    /** Reports nothing. */
    DownloadListener NONE = (file, totalBytes, initialBytes) -> bytes -> {
    };

    /**
     * A download of {@code file} ({@code totalBytes} long) starts, or resumes at {@code initialBytes}; its
     * progress goes to the returned {@link Download}.
     */
    Download started(String file, long totalBytes, long initialBytes);

    /** The progress of one download. */
    @FunctionalInterface
    interface Download extends AutoCloseable {

        /** {@code bytes} of the file are now on disk. */
        void progressed(long bytes);

        /** The download ended (completed or failed). */
        @Override
        default void close() {
        }
    }
}

package io.clipj.index;

/**
 * Hears about an {@link ClipIndex#update} run as it goes: for progress display and for reporting images that
 * could not be indexed. Called from the thread that runs {@code update} (failures from the decoding thread are
 * handed over first), one call at a time; implementations need not be thread-safe.
 */
public interface IndexListener {

    /** A listener that ignores everything. */
    IndexListener NONE = new IndexListener() {
    };

    /**
     * The scan is done.
     *
     * @param toEmbed images known to need embedding (files); members of changed shards come on top
     * @param shards  WebDataset shards that have to be read
     */
    default void started(int toEmbed, int shards) {
    }

    /** {@code count} more images were embedded (or failed). */
    default void progress(int count) {
    }

    /** An image was skipped: {@code source} names it (a path or {@code SHARD.tar#KEY}), {@code message} says why. */
    default void failed(String source, String message) {
    }
}

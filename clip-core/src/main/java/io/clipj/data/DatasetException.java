package io.clipj.data;

import io.clipj.internal.data.MemberNames;

/**
 * A dataset that cannot be read as asked: a corrupt sample, an unsafe member name, a malformed shard or
 * layout file. The message names the dataset file (shard) and, when known, the sample key or member.
 *
 * <p>Unchecked because it surfaces through {@link java.util.Iterator} and {@link java.util.stream.Stream}.
 *
 * <p>Immutable once thrown, like every exception; safe to pass between threads.
 */
public class DatasetException extends RuntimeException {

    private final String shard;
    private final String key;

    /** A problem with sample {@code key} (may be null) of {@code shard} (may be null for layout files). */
    public DatasetException(String shard, String key, String message, Throwable cause) {
        super(MemberNames.printable(describe(shard, key) + message), cause); // names come from hostile files
        this.shard = shard;
        this.key = key;
    }

    /** A problem with sample {@code key} (may be null) of {@code shard}. */
    public DatasetException(String shard, String key, String message) {
        this(shard, key, message, null);
    }

    /** The shard (relative to the dataset root), or null. */
    public String shard() {
        return shard;
    }

    /** The sample key, or null when the problem is not tied to one sample. */
    public String key() {
        return key;
    }

    private static String describe(String shard, String key) {
        if (shard == null) {
            return "";
        }
        return key == null ? "shard " + shard + ": " : "shard " + shard + ", sample '" + key + "': ";
    }
}

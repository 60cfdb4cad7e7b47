package io.clipj.data;

/**
 * How a WebDataset is read.
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxMemberBytes largest tar member read into memory; a larger image is a bad sample
 * @param maxPendingBytes largest total of image bytes held for samples whose members are not yet all seen
 *     (members of one key far apart in a shard); exceeding it is an error, never skipped
 * @param skipBad when true, a corrupt sample (missing image or label, bad label, oversized or truncated
 *     member) is skipped, logged and counted instead of stopping the read; unsafe member names always stop it
 */
public record WdsOptions(long maxMemberBytes, long maxPendingBytes, boolean skipBad) {

    private static final WdsOptions DEFAULT = new WdsOptions(64L << 20, 512L << 20, false);

    /** 64 MB per member, 512 MB pending, stop at the first bad sample. */
    public static WdsOptions defaults() {
        return DEFAULT;
    }

    /** Validates the limits. */
    public WdsOptions {
        if (maxMemberBytes <= 0 || maxMemberBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxMemberBytes must be in [1, 2^31-9], got " + maxMemberBytes);
        }
        if (maxPendingBytes < maxMemberBytes) {
            throw new IllegalArgumentException("maxPendingBytes (" + maxPendingBytes
                    + ") must be at least maxMemberBytes (" + maxMemberBytes + ")");
        }
    }

    /** These options with {@code skipBad} changed. */
    public WdsOptions withSkipBad(boolean skip) {
        return new WdsOptions(maxMemberBytes, maxPendingBytes, skip);
    }

    /** These options with {@code maxMemberBytes} changed (and the pending limit raised to match if needed). */
    public WdsOptions withMaxMemberBytes(long bytes) {
        return new WdsOptions(bytes, Math.max(maxPendingBytes, bytes), skipBad);
    }
}

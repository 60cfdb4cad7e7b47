package io.clipj.index;

/**
 * What one {@link ClipIndex#update} run did. Counts are of image entries (files or WebDataset members).
 *
 * @param added     entries embedded that were not in the index
 * @param updated   entries embedded again because their file (or shard) changed size or modification time
 * @param removed   entries deleted because they are gone from the scanned roots
 * @param unchanged entries kept as they were (same size and modification time)
 * @param failed    images that could not be read or decoded (reported to the listener, not indexed)
 * @param entries   entries in the index after the run
 */
public record IndexReport(int added, int updated, int removed, int unchanged, int failed, int entries) {

    /** The CLI's summary line: {@code index: A added, U updated, R removed, S unchanged, F failed; N entries}. */
    public String summary() {
        return "index: " + added + " added, " + updated + " updated, " + removed + " removed, " + unchanged
                + " unchanged, " + failed + " failed; " + entries + " entries";
    }
}

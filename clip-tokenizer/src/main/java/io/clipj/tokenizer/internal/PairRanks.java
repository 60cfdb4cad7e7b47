package io.clipj.tokenizer.internal;

import java.util.Arrays;

/**
 * BPE merge table keyed by the ids of the two symbols: pair → (rank, id of the merged symbol). An
 * open-addressing hash of primitive longs, so the merge loop never boxes.
 *
 * <p>Thread-safe once built: the loader fills it before the tokenizer is published, then only reads happen.
 */
public final class PairRanks {

    public static final int NONE = Integer.MAX_VALUE;

    private long[] keys;
    private int[] ranks;
    private int[] merged;
    private int mask;
    private int count;

    public PairRanks(int expected) {
        allocate(Integer.highestOneBit(Math.max(4, expected) * 2) << 1);
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        Arrays.fill(keys, -1L);
        ranks = new int[capacity];
        merged = new int[capacity];
        mask = capacity - 1;
        count = 0;
    }

    /** Doubles the table when it is half full, so probes stay short (and always end at a free slot). */
    private void growIfNeeded() {
        if (2 * (count + 1) <= keys.length) {
            return;
        }
        long[] oldKeys = keys;
        int[] oldRanks = ranks;
        int[] oldMerged = merged;
        allocate(keys.length * 2);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != -1L) {
                put((int) (oldKeys[i] >>> 32), (int) oldKeys[i], oldRanks[i], oldMerged[i]);
            }
        }
    }

    private static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    private int slot(long k) {
        long h = k * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & mask;
    }

    /** Adds a merge; a pair listed twice keeps its last rank, as Python's {@code dict(zip(merges, range(n)))} does. */
    public void put(int left, int right, int rank, int mergedId) {
        growIfNeeded();
        long k = key(left, right);
        int i = slot(k);
        while (keys[i] != -1L && keys[i] != k) {
            i = (i + 1) & mask;
        }
        if (keys[i] == -1L) {
            count++;
        }
        keys[i] = k;
        ranks[i] = rank;
        merged[i] = mergedId;
    }

    private int find(int left, int right) {
        long k = key(left, right);
        int i = slot(k);
        while (true) {
            long at = keys[i];
            if (at == k) {
                return i;
            }
            if (at == -1L) {
                return -1;
            }
            i = (i + 1) & mask;
        }
    }

    /** The rank of merging {@code left right}, or {@link #NONE}. */
    public int rank(int left, int right) {
        int i = find(left, right);
        return i < 0 ? NONE : ranks[i];
    }

    /** The id of the merged symbol; only valid when {@link #rank} is not {@link #NONE}. */
    public int mergedId(int left, int right) {
        return merged[find(left, right)];
    }

    public int size() {
        return count;
    }
}

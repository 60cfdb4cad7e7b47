package io.clipj.tokenizer;

import java.util.Arrays;

/**
 * BPE merge table keyed by the ids of the two symbols: pair → (rank, id of the merged symbol). An
 * open-addressing hash of primitive longs, so the merge loop never boxes.
 *
 * <p>Thread-safe: immutable after construction (built once by the loader).
 */
final class PairRanks {

    static final int NONE = Integer.MAX_VALUE;

    private final long[] keys;
    private final int[] ranks;
    private final int[] merged;
    private final int mask;
    private int count;

    PairRanks(int expected) {
        int cap = Integer.highestOneBit(Math.max(4, expected) * 2) << 1;
        keys = new long[cap];
        Arrays.fill(keys, -1L);
        ranks = new int[cap];
        merged = new int[cap];
        mask = cap - 1;
    }

    private static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    private int slot(long k) {
        long h = k * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & mask;
    }

    /** Adds a merge; a pair listed twice keeps its last rank, as Python's {@code dict(zip(merges, range(n)))} does. */
    void put(int left, int right, int rank, int mergedId) {
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
    int rank(int left, int right) {
        int i = find(left, right);
        return i < 0 ? NONE : ranks[i];
    }

    /** The id of the merged symbol; only valid when {@link #rank} is not {@link #NONE}. */
    int mergedId(int left, int right) {
        return merged[find(left, right)];
    }

    int size() {
        return count;
    }
}

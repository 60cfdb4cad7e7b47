package io.clipj.index.internal;

/**
 * The {@code capacity} best (highest) scores offered, with a {@code long} id each. Offers above the floor are
 * appended to a buffer of twice the capacity; when it fills, a selection keeps the best {@code capacity} and
 * raises the floor to the worst of them. Each offer costs O(1) amortised, where a heap pays O(log capacity)
 * in scattered reads: a scan offers tens of thousands per query.
 *
 * <p>Not thread-safe: one per scanning task.
 */
final class Candidates {

    private final int capacity;
    private final float[] scores;
    private final long[] ids;
    private int size;
    private float floor = Float.NEGATIVE_INFINITY;

    Candidates(int capacity) {
        this.capacity = capacity;
        scores = new float[2 * capacity];
        ids = new long[2 * capacity];
    }

    /** The score an offer must beat to be kept. */
    float floor() {
        return floor;
    }

    void offer(float score, long id) {
        if (score <= floor) {
            return;
        }
        scores[size] = score;
        ids[size] = id;
        if (++size == scores.length) {
            keepBest();
        }
    }

    /** Kept entries: at most {@code capacity}, the best of all offered, in no order. */
    int size() {
        if (size > capacity) {
            keepBest();
        }
        return size;
    }

    float score(int i) {
        return scores[i];
    }

    long id(int i) {
        return ids[i];
    }

    /** Moves the {@code capacity} best to the front (Hoare selection, descending) and drops the rest. */
    private void keepBest() {
        int k = capacity - 1, lo = 0, hi = size - 1;
        while (lo < hi) {
            float pivot = scores[(lo + hi) >>> 1];
            int i = lo, j = hi;
            while (i <= j) {
                while (scores[i] > pivot) {
                    i++;
                }
                while (scores[j] < pivot) {
                    j--;
                }
                if (i <= j) {
                    swap(i++, j--);
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                break;
            }
        }
        size = capacity;
        floor = scores[k];
    }

    private void swap(int a, int b) {
        float s = scores[a];
        scores[a] = scores[b];
        scores[b] = s;
        long id = ids[a];
        ids[a] = ids[b];
        ids[b] = id;
    }
}

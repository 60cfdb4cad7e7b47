package io.clipj.tokenizer.internal;

import java.util.Arrays;

/**
 * Byte-pair encoding of one pre-tokenized word, given as symbol ids (one per UTF-8 byte, the last one
 * carrying {@code </w>}). Semantics are those of OpenAI's {@code bpe()}: repeatedly take the adjacent pair
 * with the lowest merge rank and merge every occurrence of that pair in one left-to-right pass, until no
 * adjacent pair has a rank.
 *
 * <p>Short words use that loop directly (quadratic, but fastest for the usual handful of bytes). Long words
 * (a megabyte of letters without a space is one "word") use a min-heap of (rank, position) entries over a
 * linked list of symbols, which gives the same result in O(n log n): all entries of the current lowest rank
 * are merged in position order before any pair created by those merges is queued.
 *
 * <p>Thread-safe: stateless apart from the immutable merge table; per-call work arrays are local.
 */
public final class BytePairEncoder {

    /** Above this many symbols the heap algorithm is used; below, the simple loop is faster. */
    public static final int HEAP_THRESHOLD = 48;

    private final PairRanks ranks;

    public BytePairEncoder(PairRanks ranks) {
        this.ranks = ranks;
    }

    /** Merges {@code symbols} (consumed) and returns the resulting token ids. */
    public int[] encode(int[] symbols) {
        return symbols.length > HEAP_THRESHOLD ? encodeWithHeap(symbols) : encodeSimple(symbols, symbols.length);
    }

    /** OpenAI's loop: find the best pair, merge all its occurrences left to right, repeat. */
    public int[] encodeSimple(int[] word, int length) {
        int n = length;
        while (n > 1) {
            int best = PairRanks.NONE;
            int bestLeft = 0;
            int bestRight = 0;
            for (int i = 0; i + 1 < n; i++) {
                int r = ranks.rank(word[i], word[i + 1]);
                if (r < best) {
                    best = r;
                    bestLeft = word[i];
                    bestRight = word[i + 1];
                }
            }
            if (best == PairRanks.NONE) {
                break;
            }
            int merged = ranks.mergedId(bestLeft, bestRight);
            int out = 0;
            for (int i = 0; i < n; i++) {
                if (i + 1 < n && word[i] == bestLeft && word[i + 1] == bestRight) {
                    word[out++] = merged;
                    i++;
                } else {
                    word[out++] = word[i];
                }
            }
            n = out;
        }
        return Arrays.copyOf(word, n);
    }

    /** The same merges in O(n log n), for long words. */
    public int[] encodeWithHeap(int[] sym) {
        int n = sym.length;
        int[] next = new int[n];
        int[] prev = new int[n];
        for (int i = 0; i < n; i++) {
            next[i] = i + 1 < n ? i + 1 : -1;
            prev[i] = i - 1;
        }
        boolean[] dead = new boolean[n];
        LongHeap heap = new LongHeap(n);
        for (int i = 0; i + 1 < n; i++) {
            push(heap, sym, i, i + 1);
        }
        LongHeap created = new LongHeap(16);
        while (!heap.isEmpty()) {
            int rank = (int) (heap.peek() >>> 32);
            // One pass of OpenAI's loop: every occurrence of this rank's pair, left to right.
            while (!heap.isEmpty() && (int) (heap.peek() >>> 32) == rank) {
                int left = (int) heap.poll();
                int right = dead[left] ? -1 : next[left];
                if (right < 0 || ranks.rank(sym[left], sym[right]) != rank) {
                    continue; // stale: one of the two symbols was merged away meanwhile
                }
                sym[left] = ranks.mergedId(sym[left], sym[right]);
                dead[right] = true;
                next[left] = next[right];
                if (next[right] >= 0) {
                    prev[next[right]] = left;
                }
                if (prev[left] >= 0) {
                    push(created, sym, prev[left], left);
                }
                if (next[left] >= 0) {
                    push(created, sym, left, next[left]);
                }
            }
            while (!created.isEmpty()) {
                heap.add(created.poll());
            }
        }
        int count = 0;
        int[] out = new int[n];
        for (int i = 0; i >= 0; i = next[i]) {
            out[count++] = sym[i];
        }
        return Arrays.copyOf(out, count);
    }

    private void push(LongHeap heap, int[] sym, int left, int right) {
        int r = ranks.rank(sym[left], sym[right]);
        if (r != PairRanks.NONE) {
            heap.add(((long) r << 32) | left);
        }
    }
}

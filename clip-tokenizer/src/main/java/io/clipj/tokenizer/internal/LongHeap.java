package io.clipj.tokenizer.internal;

import java.util.Arrays;

/**
 * A binary min-heap of primitive longs (BPE entries {@code rank << 32 | position}), so that ordering is by
 * rank, then by position, without boxing.
 *
 * <p>Not thread-safe: one instance per call.
 */
public final class LongHeap {

    private long[] a;
    private int size;

    public LongHeap(int capacity) {
        a = new long[Math.max(4, capacity)];
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public long peek() {
        return a[0];
    }

    public void add(long v) {
        if (size == a.length) {
            a = Arrays.copyOf(a, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (a[parent] <= v) {
                break;
            }
            a[i] = a[parent];
            i = parent;
        }
        a[i] = v;
    }

    public long poll() {
        long top = a[0];
        long last = a[--size];
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            if (child + 1 < size && a[child + 1] < a[child]) {
                child++;
            }
            if (last <= a[child]) {
                break;
            }
            a[i] = a[child];
            i = child;
        }
        if (size > 0) {
            a[i] = last;
        }
        return top;
    }
}

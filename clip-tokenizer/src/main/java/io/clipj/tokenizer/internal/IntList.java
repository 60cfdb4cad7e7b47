package io.clipj.tokenizer.internal;

import java.util.Arrays;

/** A growable int array. Not thread-safe: one instance per call. */
public final class IntList {

    private int[] a;
    private int size;

    public IntList(int capacity) {
        a = new int[Math.max(4, capacity)];
    }

    public void add(int v) {
        if (size == a.length) {
            a = Arrays.copyOf(a, size * 2);
        }
        a[size++] = v;
    }

    /** Appends the first {@code min(max, values.length)} values. */
    public void addAll(int[] values, int max) {
        int k = Math.min(max, values.length);
        if (size + k > a.length) {
            a = Arrays.copyOf(a, Math.max(a.length * 2, size + k));
        }
        System.arraycopy(values, 0, a, size, k);
        size += k;
    }

    public int size() {
        return size;
    }

    public int[] toArray() {
        return Arrays.copyOf(a, size);
    }
}

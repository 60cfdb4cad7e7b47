package io.clipj.internal.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Lays out a plan's float slots in one buffer so that slots whose lives overlap never share bytes and the
 * others reuse the same memory (first fit by offset, slots taken in order of their first write). Slots of
 * other types (token ids) are small and get their own buffers.
 *
 * <p>Not thread-safe: used once while a plan is compiled.
 */
final class Arena {

    /** Float elements per slot are rounded up to this, so every slot starts 64-byte aligned. */
    private static final long ALIGN = 16;

    private Arena() {
    }

    /** Places every slot; returns the float buffer's size in bytes. */
    static long layOut(List<Slot> slots) {
        List<Slot> floats = new ArrayList<>();
        for (Slot s : slots) {
            if (s.type == DataType.FLOAT) {
                floats.add(s);
            } else {
                s.place(Nd4j.createBuffer(s.type, Math.max(1, s.elements), true), 0);
            }
        }
        floats.sort(Comparator.comparingInt((Slot s) -> s.first).thenComparingLong(s -> -s.elements));
        List<long[]> placed = new ArrayList<>(); // {offset, size, index into floats}
        long[] offsets = new long[floats.size()];
        long total = 0;
        for (int i = 0; i < floats.size(); i++) {
            Slot s = floats.get(i);
            long size = (Math.max(1, s.elements) + ALIGN - 1) / ALIGN * ALIGN;
            List<long[]> busy = new ArrayList<>();
            for (long[] p : placed) {
                Slot o = floats.get((int) p[2]);
                if (o.first <= s.last && s.first <= o.last) {
                    busy.add(p);
                }
            }
            busy.sort(Comparator.comparingLong(p -> p[0]));
            long at = 0;
            for (long[] p : busy) {
                if (at + size <= p[0]) {
                    break;
                }
                at = Math.max(at, p[0] + p[1]);
            }
            offsets[i] = at;
            placed.add(new long[] {at, size, i});
            total = Math.max(total, at + size);
        }
        DataBuffer buffer = Nd4j.createBuffer(DataType.FLOAT, Math.max(1, total), false);
        for (int i = 0; i < floats.size(); i++) {
            floats.get(i).place(buffer, offsets[i]);
        }
        return total * 4;
    }
}

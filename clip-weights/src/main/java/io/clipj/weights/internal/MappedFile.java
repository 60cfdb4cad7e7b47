package io.clipj.weights.internal;

import io.clipj.weights.DType;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.MappedByteBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A whole file mapped read-only into memory, in windows of at most 1 GiB because one
 * {@link MappedByteBuffer} cannot exceed 2 GiB; tensor data is decoded straight from the mapping into the
 * caller's float array or (direct) buffer, so no second copy of the file ever lands on the Java heap.
 *
 * <p>Adjacent windows overlap by 8 bytes, so every element (at most 8 bytes wide) that starts inside a
 * window also ends inside it and no element is ever split between two mappings.
 *
 * <p>Thread-safe: reads use absolute slices and never move a shared buffer's position. {@link #close()}
 * drops the mappings; the operating system releases them when the buffers are garbage collected (Java 17
 * has no supported way to unmap eagerly).
 */
public final class MappedFile implements Closeable {

    /** Default window: 1 GiB, well under the 2 GiB limit of a single mapping. */
    public static final long DEFAULT_WINDOW = 1L << 30;
    /** Widest element, so windows overlap enough that no element straddles two of them. */
    private static final int MAX_ELEMENT = 8;
    /** Elements converted per step when widening or narrowing (keeps temporaries small). */
    private static final int CHUNK = 1 << 14;

    private final Path path;
    private final long size;
    private final long window;
    private volatile MappedByteBuffer[] maps;

    public MappedFile(Path path, long window) throws IOException {
        this.path = path;
        this.window = window;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            this.size = ch.size();
            int count = (int) Math.max(1, (size + window - 1) / window);
            MappedByteBuffer[] m = new MappedByteBuffer[count];
            for (int i = 0; i < count; i++) {
                long start = i * window;
                long len = Math.min(window + MAX_ELEMENT, size - start);
                m[i] = map(ch, start, Math.max(0, len));
            }
            this.maps = m;
        }
    }

    /** One mapping; the JDK's bare "Map failed" (address space exhausted, e.g. under ulimit -v) is explained. */
    private MappedByteBuffer map(FileChannel ch, long start, long len) throws IOException {
        try {
            return ch.map(FileChannel.MapMode.READ_ONLY, start, len);
        } catch (IOException | OutOfMemoryError e) {
            if (e instanceof IOException && !String.valueOf(e.getMessage()).contains("Map failed")) {
                throw (IOException) e;
            }
            throw new IOException(path + ": cannot map " + size + " bytes into memory (" + e.getMessage()
                    + "); the process's address space is too small: check 'ulimit -v'", e);
        }
    }

    /** Maps {@code file} read-only. */
    public static MappedFile open(Path file) throws IOException {
        return new MappedFile(file, DEFAULT_WINDOW);
    }

    /** The mapped file. */
    public Path path() {
        return path;
    }

    /** File size in bytes. */
    public long size() {
        return size;
    }

    /** Copies {@code length} bytes at {@code offset} onto the heap (for headers and pickles, not tensor data). */
    public byte[] bytes(long offset, int length) throws IOException {
        checkRange(offset, length);
        byte[] out = new byte[length];
        int done = 0;
        while (done < length) {
            long pos = offset + done;
            int w = (int) (pos / window);
            int local = (int) (pos - w * window);
            int n = (int) Math.min(length - done, window - local);
            maps()[w].get(local, out, done, n);
            done += n;
        }
        return out;
    }

    /**
     * Decodes {@code count} contiguous elements of {@code dtype} starting at byte {@code offset} as float32
     * into {@code dst} (F16 and BF16 widened exactly, F64 narrowed, integers converted).
     */
    public void readFloats(long offset, long count, DType dtype, ByteOrder order, FloatBuffer dst) throws IOException {
        int es = dtype.byteSize();
        checkRange(offset, Math.multiplyExact(count, es));
        float[] tmp = dtype == DType.F32 ? null : new float[(int) Math.min(CHUNK, count)];
        long done = 0;
        while (done < count) {
            long pos = offset + done * es;
            int w = (int) (pos / window);
            int local = (int) (pos - w * window);
            // every element starting before the window's end fits in this mapping (windows overlap)
            long n = Math.min(count - done, (window - local + es - 1) / es);
            ByteBuffer seg = maps()[w].slice(local, (int) (n * es)).order(order);
            if (dtype == DType.F32) {
                dst.put(seg.asFloatBuffer()); // bulk copy; a plain memcpy when the byte orders agree
            } else {
                convert(seg, (int) n, dtype, tmp, dst);
            }
            done += n;
        }
    }

    /** Decodes {@code count} contiguous integer (or boolean) elements as longs into {@code dst[to..]}. */
    public void readLongs(long offset, int count, DType dtype, ByteOrder order, long[] dst, int to) throws IOException {
        int es = dtype.byteSize();
        checkRange(offset, (long) count * es);
        int done = 0;
        while (done < count) {
            long pos = offset + (long) done * es;
            int w = (int) (pos / window);
            int local = (int) (pos - w * window);
            int n = (int) Math.min(count - done, (window - local + es - 1) / es);
            ByteBuffer seg = maps()[w].slice(local, n * es).order(order);
            switch (dtype) {
                case I64 -> seg.asLongBuffer().get(dst, to + done, n);
                case I32 -> {
                    IntBuffer b = seg.asIntBuffer();
                    for (int i = 0; i < n; i++) {
                        dst[to + done + i] = b.get(i);
                    }
                }
                case I16 -> {
                    ShortBuffer b = seg.asShortBuffer();
                    for (int i = 0; i < n; i++) {
                        dst[to + done + i] = b.get(i);
                    }
                }
                case I8 -> {
                    for (int i = 0; i < n; i++) {
                        dst[to + done + i] = seg.get(i);
                    }
                }
                case U8, BOOL -> {
                    for (int i = 0; i < n; i++) {
                        dst[to + done + i] = seg.get(i) & 0xff;
                    }
                }
                default -> throw new IllegalArgumentException(dtype + " is not an integer type");
            }
            done += n;
        }
    }

    @Override
    public void close() {
        maps = null;
    }

    private MappedByteBuffer[] maps() throws IOException {
        MappedByteBuffer[] m = maps;
        if (m == null) {
            throw new IOException(path + ": file already closed");
        }
        return m;
    }

    private void checkRange(long offset, long length) throws IOException {
        if (offset < 0 || length < 0 || offset > size - length) {
            throw new IOException(path + ": bytes [" + offset + ", " + (offset + length) + ") lie outside the file ("
                    + size + " bytes)");
        }
    }

    private static void convert(ByteBuffer seg, int n, DType dtype, float[] tmp, FloatBuffer dst) {
        switch (dtype) {
            case F16, BF16 -> {
                ShortBuffer src = seg.asShortBuffer();
                short[] raw = new short[Math.min(n, tmp.length)];
                for (int i = 0; i < n; i += raw.length) {
                    int m = Math.min(raw.length, n - i);
                    src.get(raw, 0, m);
                    if (dtype == DType.F16) {
                        HalfFloats.f16ToF32(raw, 0, tmp, 0, m);
                    } else {
                        HalfFloats.bf16ToF32(raw, 0, tmp, 0, m);
                    }
                    dst.put(tmp, 0, m);
                }
            }
            case F64 -> {
                DoubleBuffer src = seg.asDoubleBuffer();
                for (int i = 0; i < n; i += tmp.length) {
                    int m = Math.min(tmp.length, n - i);
                    for (int j = 0; j < m; j++) {
                        tmp[j] = (float) src.get();
                    }
                    dst.put(tmp, 0, m);
                }
            }
            case I64 -> {
                LongBuffer src = seg.asLongBuffer();
                for (int i = 0; i < n; i += tmp.length) {
                    int m = Math.min(tmp.length, n - i);
                    for (int j = 0; j < m; j++) {
                        tmp[j] = src.get();
                    }
                    dst.put(tmp, 0, m);
                }
            }
            case I32 -> {
                IntBuffer src = seg.asIntBuffer();
                for (int i = 0; i < n; i += tmp.length) {
                    int m = Math.min(tmp.length, n - i);
                    for (int j = 0; j < m; j++) {
                        tmp[j] = src.get();
                    }
                    dst.put(tmp, 0, m);
                }
            }
            default -> throw new IllegalArgumentException(dtype + " cannot be read as float32 here");
        }
    }
}

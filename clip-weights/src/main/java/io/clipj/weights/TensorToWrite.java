package io.clipj.weights;

import io.clipj.weights.internal.HalfFloats;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.zip.CRC32;

/**
 * A tensor for a checkpoint writer: its metadata and a producer of its values, so a writer can stream a
 * large tensor (random or converted) through a small buffer instead of holding it in memory.
 *
 * <p>Immutable; whether it may be written more than once depends on {@code values} (the ones from
 * {@link #of} and {@link io.clipj.weights.random.RandomCheckpoint} may).
 *
 * @param info   name, stored dtype (F32, F16, BF16, F64, I64 or I32) and shape
 * @param values produces the values, row-major, as float32
 */
public record TensorToWrite(TensorInfo info, Values values) {

    /** Produces a tensor's values in row-major order, a chunk at a time. */
    public interface Values {
        /** Called once before each write; restarts the sequence. */
        default void reset() {
        }

        /** Fills {@code chunk[0..count)} with the next {@code count} values. */
        void next(float[] chunk, int count);
    }

    /** A tensor with values from an array (row-major). */
    public static TensorToWrite of(String name, DType dtype, long[] shape, float[] data) {
        TensorInfo info = new TensorInfo(name, dtype, shape);
        if (info.elementCount() != data.length) {
            throw new IllegalArgumentException(name + ": shape holds " + info.elementCount() + " elements, data has "
                    + data.length);
        }
        return new TensorToWrite(info, new Values() {
            private int at;

            @Override
            public void reset() {
                at = 0;
            }

            @Override
            public void next(float[] chunk, int count) {
                System.arraycopy(data, at, chunk, 0, count);
                at += count;
            }
        });
    }

    /** Bytes the tensor occupies in its dtype. */
    public long byteSize() {
        return Math.multiplyExact(info.elementCount(), info.dtype().byteSize());
    }

    /**
     * Streams the values, encoded little-endian in the tensor's dtype (F16/BF16 rounded to nearest even),
     * through {@code scratch} (ideally direct) to {@code out}, updating {@code crc} when given.
     */
    public void writeTo(WritableByteChannel out, ByteBuffer scratch, CRC32 crc) throws IOException {
        DType dtype = info.dtype();
        int es = dtype.byteSize();
        float[] chunk = new float[scratch.capacity() / es];
        values.reset();
        long remaining = info.elementCount();
        while (remaining > 0) {
            int n = (int) Math.min(chunk.length, remaining);
            values.next(chunk, n);
            scratch.clear().order(ByteOrder.LITTLE_ENDIAN);
            encode(chunk, n, dtype, scratch);
            scratch.flip();
            if (crc != null) {
                crc.update(scratch.duplicate());
            }
            while (scratch.hasRemaining()) {
                out.write(scratch);
            }
            remaining -= n;
        }
    }

    private static void encode(float[] src, int n, DType dtype, ByteBuffer dst) {
        switch (dtype) {
            case F32 -> {
                FloatBuffer f = dst.asFloatBuffer();
                f.put(src, 0, n);
                dst.position(n * 4);
            }
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    dst.putShort(HalfFloats.f32ToF16(src[i]));
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    dst.putShort(HalfFloats.f32ToBf16(src[i]));
                }
            }
            case F64 -> {
                for (int i = 0; i < n; i++) {
                    dst.putDouble(src[i]);
                }
            }
            case I64 -> {
                for (int i = 0; i < n; i++) {
                    dst.putLong((long) src[i]);
                }
            }
            case I32 -> {
                for (int i = 0; i < n; i++) {
                    dst.putInt((int) src[i]);
                }
            }
            default -> throw new IllegalArgumentException("cannot write " + dtype + " tensors");
        }
    }
}

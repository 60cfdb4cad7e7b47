package io.clipj.weights.internal;

import io.clipj.weights.Checkpoint;
import io.clipj.weights.TensorInfo;
import java.io.IOException;
import java.nio.FloatBuffer;

/**
 * The checks every {@link Checkpoint} makes before touching data (the key exists, the dtype suits the call,
 * the destination has room), so a reader implements only the raw copy.
 *
 * <p>Subclasses state their own thread-safety.
 */
public abstract class AbstractCheckpoint implements Checkpoint {

    /** Copies the tensor's elements, as float32 in row-major order, into {@code dst}. */
    protected abstract void copyFloats(TensorInfo info, FloatBuffer dst) throws IOException;

    /** Copies the integer tensor's elements, row-major, into {@code dst} (sized to its element count). */
    protected abstract void copyLongs(TensorInfo info, long[] dst) throws IOException;

    @Override
    public float[] readFloats(String key) throws IOException {
        TensorInfo info = floatInfo(key);
        float[] out = new float[arrayLength(info)];
        copyFloats(info, FloatBuffer.wrap(out));
        return out;
    }

    @Override
    public void readFloats(String key, FloatBuffer dst) throws IOException {
        TensorInfo info = floatInfo(key);
        if (dst.remaining() < info.elementCount()) {
            throw new IllegalArgumentException(source() + ": tensor '" + key + "' has " + info.elementCount()
                    + " elements but the destination has room for " + dst.remaining());
        }
        copyFloats(info, dst);
    }

    @Override
    public long[] readLongs(String key) throws IOException {
        TensorInfo info = info(key);
        if (info.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(source() + ": tensor '" + key + "' is " + info.dtype()
                    + ", not an integer tensor");
        }
        long[] out = new long[arrayLength(info)];
        copyLongs(info, out);
        return out;
    }

    private TensorInfo floatInfo(String key) {
        TensorInfo info = info(key);
        if (!info.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(source() + ": tensor '" + key + "' is " + info.dtype()
                    + ", not floating point (use readLongs)");
        }
        return info;
    }

    private int arrayLength(TensorInfo info) {
        long n = info.elementCount();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(source() + ": tensor '" + info.name() + "' has " + n
                    + " elements, too many for one Java array; use readFloats(key, FloatBuffer)");
        }
        return (int) n;
    }
}

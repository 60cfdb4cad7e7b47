package io.clipj.weights;

import java.io.Closeable;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * A set of named tensors read from checkpoint files (safetensors, torch zip pickle, possibly sharded).
 *
 * <p>Tensor metadata is available at once; data is read on demand, so a caller can stream a large
 * checkpoint tensor by tensor without holding it all on the Java heap. Implementations state their own
 * thread-safety; the ones in this module may be read from several threads at once.
 */
public interface Checkpoint extends Closeable {

    /** Every tensor in the checkpoint, by key, in file order. */
    Map<String, TensorInfo> tensors();

    /**
     * Reads a floating-point tensor as float32, upcasting F16 and BF16 exactly and narrowing F64.
     *
     * @throws IllegalArgumentException if there is no such key or it is not floating point
     * @throws IOException              if the data cannot be read
     */
    float[] readFloats(String key) throws IOException;

    /**
     * Reads a floating-point tensor as float32 into {@code dst} (which must have room for
     * {@link TensorInfo#elementCount()} floats), e.g. straight into off-heap memory.
     */
    default void readFloats(String key, FloatBuffer dst) throws IOException {
        dst.put(readFloats(key));
    }

    @Override
    void close() throws IOException;
}

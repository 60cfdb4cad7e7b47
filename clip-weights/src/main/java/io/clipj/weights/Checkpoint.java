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
     * {@link TensorInfo#elementCount()} floats), e.g. straight into off-heap memory. The buffer's position
     * advances by the element count; its byte order is the caller's (native order is fastest).
     */
    default void readFloats(String key, FloatBuffer dst) throws IOException {
        dst.put(readFloats(key));
    }

    /**
     * Metadata of one tensor.
     *
     * @throws IllegalArgumentException naming the key and the checkpoint when there is no such tensor
     */
    default TensorInfo info(String key) {
        TensorInfo info = tensors().get(key);
        if (info == null) {
            throw new IllegalArgumentException(source() + ": no tensor '" + key + "'");
        }
        return info;
    }

    /**
     * Reads an integer tensor (I64, I32, ...) such as a {@code position_ids} buffer.
     *
     * @throws IllegalArgumentException if there is no such key or it is not an integer tensor
     * @throws IOException              if the data cannot be read
     */
    default long[] readLongs(String key) throws IOException {
        throw new UnsupportedOperationException(source() + ": reading integer tensors is not supported");
    }

    /** What this checkpoint was read from (a file or directory), for messages. */
    default String source() {
        return getClass().getSimpleName();
    }

    @Override
    void close() throws IOException;
}

package io.clipj.internal.model;

import io.clipj.weights.Checkpoint;
import io.clipj.weights.ClipWeights;
import io.clipj.weights.DType;
import io.clipj.weights.TensorInfo;
import io.clipj.weights.config.ClipConfig;
import java.nio.FloatBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An in-memory checkpoint holding exactly the tensors {@link ClipWeights#expected} lists for a config, with
 * small deterministic values made from each key, so a full-size tower can be built without writing 600 MB
 * of files.
 */
final class ExpectedCheckpoint implements Checkpoint {

    private final Map<String, TensorInfo> tensors = new LinkedHashMap<>();

    ExpectedCheckpoint(ClipConfig config) {
        ClipWeights.expected(config).forEach((key, shape) -> tensors.put(key, new TensorInfo(key, DType.F32, shape)));
    }

    @Override
    public Map<String, TensorInfo> tensors() {
        return Collections.unmodifiableMap(tensors);
    }

    @Override
    public float[] readFloats(String key) {
        float[] values = new float[Math.toIntExact(info(key).elementCount())];
        readFloats(key, FloatBuffer.wrap(values));
        return values;
    }

    @Override
    public void readFloats(String key, FloatBuffer dst) {
        long n = info(key).elementCount();
        int state = key.hashCode() | 1;
        for (long i = 0; i < n; i++) {
            state ^= state << 13; // xorshift32: values in [-0.05, 0.05)
            state ^= state >>> 17;
            state ^= state << 5;
            dst.put((state >>> 8) * (0.1f / (1 << 24)) - 0.05f);
        }
    }

    @Override
    public void close() {
    }
}

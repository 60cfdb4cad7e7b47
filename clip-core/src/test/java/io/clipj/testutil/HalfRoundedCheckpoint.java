package io.clipj.testutil;

import io.clipj.weights.Checkpoint;
import io.clipj.weights.internal.HalfFloats;
import io.clipj.weights.TensorInfo;
import java.io.IOException;
import java.util.Map;

/**
 * A float32 checkpoint seen through float16: every value rounded to the nearest half (ties to even, as
 * PyTorch's {@code .half()}) and widened back. Running the model on it isolates the effect of F16 storage.
 */
public final class HalfRoundedCheckpoint implements Checkpoint {

    private final Checkpoint f32;

    public HalfRoundedCheckpoint(Checkpoint f32) {
        this.f32 = f32;
    }

    @Override
    public Map<String, TensorInfo> tensors() {
        return f32.tensors();
    }

    @Override
    public float[] readFloats(String key) throws IOException {
        float[] values = f32.readFloats(key);
        for (int i = 0; i < values.length; i++) {
            values[i] = HalfFloats.f16ToF32(HalfFloats.f32ToF16(values[i]));
        }
        return values;
    }

    @Override
    public void close() throws IOException {
        f32.close();
    }
}

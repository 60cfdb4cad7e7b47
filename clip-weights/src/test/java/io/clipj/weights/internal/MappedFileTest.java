package io.clipj.weights.internal;

import io.clipj.weights.DType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Windows are shrunk to a few bytes so reads that cross mappings (as in files over 2 GiB) are exercised. */
class MappedFileTest {

    @TempDir
    Path tmp;

    @Test
    void readsAcrossManySmallWindowsAtUnalignedOffsets() throws IOException {
        int n = 1000;
        ByteBuffer b = ByteBuffer.allocate(3 + n * 4 + n * 2 + n * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[3]); // odd start, as a safetensors header of odd length gives
        for (int i = 0; i < n; i++) {
            b.putFloat(i * 0.5f - 7);
        }
        for (int i = 0; i < n; i++) {
            b.putShort(HalfFloats.f32ToF16(i - 300));
        }
        for (int i = 0; i < n; i++) {
            b.putLong(i * 1_000_000_007L);
        }
        Path file = Files.write(tmp.resolve("x.bin"), b.array());
        for (long window : new long[] {16, 40, 64, 4096, MappedFile.DEFAULT_WINDOW}) {
            try (MappedFile m = new MappedFile(file, window)) {
                float[] f32 = new float[n];
                m.readFloats(3, n, DType.F32, ByteOrder.LITTLE_ENDIAN, FloatBuffer.wrap(f32));
                float[] f16 = new float[n];
                m.readFloats(3 + n * 4L, n, DType.F16, ByteOrder.LITTLE_ENDIAN, FloatBuffer.wrap(f16));
                long[] i64 = new long[n];
                m.readLongs(3 + n * 6L, n, DType.I64, ByteOrder.LITTLE_ENDIAN, i64, 0);
                for (int i = 0; i < n; i++) {
                    assertThat(f32[i]).as("window %d f32[%d]", window, i).isEqualTo(i * 0.5f - 7);
                    assertThat(f16[i]).as("window %d f16[%d]", window, i).isEqualTo(i - 300f);
                    assertThat(i64[i]).as("window %d i64[%d]", window, i).isEqualTo(i * 1_000_000_007L);
                }
                assertThat(m.bytes(1, 20)).isEqualTo(java.util.Arrays.copyOfRange(b.array(), 1, 21));
            }
        }
    }

    @Test
    void refusesReadsPastTheEnd() throws IOException {
        Path file = Files.write(tmp.resolve("short.bin"), new byte[10]);
        try (MappedFile m = MappedFile.open(file)) {
            assertThatThrownBy(() -> m.readFloats(4, 2, DType.F32, ByteOrder.LITTLE_ENDIAN, FloatBuffer.allocate(2)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("short.bin")
                    .hasMessageContaining("outside the file");
        }
    }
}

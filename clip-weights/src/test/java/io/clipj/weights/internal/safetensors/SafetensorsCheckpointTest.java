package io.clipj.weights.internal.safetensors;

import static io.clipj.weights.TestFiles.concat;
import static io.clipj.weights.TestFiles.f32;
import static io.clipj.weights.TestFiles.safetensors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clipj.testing.SharedAssets;
import io.clipj.weights.CheckpointFormatException;
import io.clipj.weights.DType;
import io.clipj.weights.internal.HalfFloats;
import io.clipj.weights.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsCheckpointTest {

    @TempDir
    Path tmp;

    @Test
    void readsTheTinyF32Checkpoint() throws IOException {
        try (SafetensorsCheckpoint ckpt = SafetensorsCheckpoint.open(SharedAssets.tinyModel().resolve("model.safetensors"))) {
            assertThat(ckpt.tensors()).hasSize(80);
            assertThat(ckpt.metadata()).containsEntry("format", "pt");
            assertThat(ckpt.info("text_model.embeddings.token_embedding.weight"))
                    .isEqualTo(new TensorInfo("text_model.embeddings.token_embedding.weight", DType.F32, new long[] {49408, 32}));
            assertThat(ckpt.info("logit_scale").shape()).isEmpty();
            assertThat(ckpt.readFloats("logit_scale")).containsExactly(3.9f);
            assertThat(ckpt.readLongs("text_model.embeddings.position_ids"))
                    .containsExactly(LongStream.range(0, 77).toArray());
            float[] heap = ckpt.readFloats("vision_model.embeddings.patch_embedding.weight");
            assertThat(heap).hasSize(64 * 3 * 32 * 32);
            FloatBuffer direct = ByteBuffer.allocateDirect(heap.length * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
            ckpt.readFloats("vision_model.embeddings.patch_embedding.weight", direct);
            assertThat(direct.position()).isEqualTo(heap.length);
            float[] back = new float[heap.length];
            direct.flip().get(back);
            assertThat(back).isEqualTo(heap);
            assertThatThrownBy(() -> ckpt.readFloats("text_model.embeddings.position_ids"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("position_ids").hasMessageContaining("I64");
            assertThatThrownBy(() -> ckpt.readFloats("nope"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("model.safetensors: no tensor 'nope'");
        }
    }

    /** The F16 file is the F32 one rounded to nearest-even half precision, element for element. */
    @Test
    void f16CheckpointEqualsF32RoundedToHalf() throws IOException {
        Path dir = SharedAssets.tinyModel();
        try (SafetensorsCheckpoint f32 = SafetensorsCheckpoint.open(dir.resolve("model.safetensors"));
             SafetensorsCheckpoint f16 = SafetensorsCheckpoint.open(dir.resolve("model.fp16.safetensors"))) {
            assertThat(f16.tensors().keySet()).isEqualTo(f32.tensors().keySet());
            List<String> bad = new ArrayList<>();
            for (TensorInfo info : f32.tensors().values()) {
                if (!info.dtype().isFloatingPoint()) {
                    continue;
                }
                assertThat(f16.info(info.name()).dtype()).isEqualTo(DType.F16);
                assertThat(f16.info(info.name()).shape()).isEqualTo(info.shape());
                float[] a = f32.readFloats(info.name());
                float[] b = f16.readFloats(info.name());
                for (int i = 0; i < a.length; i++) {
                    float rounded = HalfFloats.f16ToF32(HalfFloats.f32ToF16(a[i]));
                    // half an ulp of binary16 at a[i]: 2^(e-11) for normals, 2^-25 for subnormals
                    double halfUlp = Math.scalb(1.0, Math.max(Math.getExponent(a[i]), -14) - 11);
                    if (b[i] != rounded || Math.abs(b[i] - a[i]) > halfUlp) {
                        bad.add(info.name() + "[" + i + "]: f32 " + a[i] + " f16 " + b[i]);
                    }
                }
            }
            assertThat(bad).isEmpty();
        }
    }

    @Test
    void readsEveryDtype() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        data.putShort(HalfFloats.f32ToF16(1.5f)).putShort(HalfFloats.f32ToF16(-2f));      // F16 [0, 4)
        data.putShort(HalfFloats.f32ToBf16(3f)).putShort(HalfFloats.f32ToBf16(-0.25f));   // BF16 [4, 8)
        data.putDouble(0.1).putDouble(-1e10);                                              // F64 [8, 24)
        data.putLong(Long.MAX_VALUE).putLong(-5);                                          // I64 [24, 40)
        data.putInt(7).putInt(-8);                                                         // I32 [40, 48)
        data.putFloat(2.5f);                                                               // F32 [48, 52)
        String header = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2,1],\"data_offsets\":[4,8]},"
                + "\"d\":{\"dtype\":\"F64\",\"shape\":[1,2],\"data_offsets\":[8,24]},"
                + "\"l\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[24,40]},"
                + "\"i\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[40,48]},"
                + "\"f\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[48,52]},"
                + "\"empty\":{\"dtype\":\"F32\",\"shape\":[0,3],\"data_offsets\":[52,52]}}";
        byte[] bytes = new byte[52];
        data.flip().get(bytes);
        try (SafetensorsCheckpoint c = SafetensorsCheckpoint.open(safetensors(tmp.resolve("all.safetensors"), header, bytes))) {
            assertThat(c.tensors().keySet()).containsExactly("h", "b", "d", "l", "i", "f", "empty");
            assertThat(c.readFloats("h")).containsExactly(1.5f, -2f);
            assertThat(c.readFloats("b")).containsExactly(3f, -0.25f);
            assertThat(c.readFloats("d")).containsExactly(0.1f, -1e10f);
            assertThat(c.readLongs("l")).containsExactly(Long.MAX_VALUE, -5);
            assertThat(c.readLongs("i")).containsExactly(7, -8);
            assertThat(c.readFloats("f")).containsExactly(2.5f);
            assertThat(c.readFloats("empty")).isEmpty();
        }
    }

    @Test
    void refusesAHugeHeaderLength() throws IOException {
        Path f = safetensors(tmp.resolve("huge.safetensors"), 1L << 62, "{}", new byte[0]);
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(f))
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("huge.safetensors")
                .hasMessageContaining("header length " + (1L << 62));
    }

    @Test
    void refusesAHeaderLongerThanTheFile() throws IOException {
        Path f = safetensors(tmp.resolve("cut.safetensors"), 500, "{}", new byte[0]);
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(f))
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("cut.safetensors").hasMessageContaining("exceeds the file size");
    }

    @Test
    void refusesOffsetsPastTheEnd() throws IOException {
        Path f = safetensors(tmp.resolve("past.safetensors"),
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", f32(1, 2));
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(f))
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("past.safetensors: tensor 'a'").hasMessageContaining("past the end");
    }

    @Test
    void refusesOverlappingTensors() throws IOException {
        Path f = safetensors(tmp.resolve("overlap.safetensors"),
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", f32(1, 2, 3));
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(f))
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("overlap.safetensors").hasMessageContaining("'a'").hasMessageContaining("'b'")
                .hasMessageContaining("overlap");
    }

    @Test
    void refusesAShapeThatDisagreesWithTheByteCount() throws IOException {
        Path f = safetensors(tmp.resolve("shape.safetensors"),
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", f32(1, 2));
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(f))
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("shape.safetensors: tensor 'w'").hasMessageContaining("needs 12 bytes");
    }

    @Test
    void refusesMalformedEntries() throws IOException {
        String[][] cases = {
                {"{\"w\":{\"dtype\":\"F8\",\"shape\":[1],\"data_offsets\":[0,1]}}", "unsupported dtype 'F8'"},
                {"{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", "'shape' entry -1"},
                {"{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", "'data_offsets' must have 2 entries"},
                {"{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", "missing or non-array 'data_offsets'"},
                {"{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", "run backwards"},
                {"{\"w\":[1,2]}", "not a JSON object"},
                {"{\"__metadata__\":{\"a\":1}}", "__metadata__ value of 'a'"},
                {"{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                        + "\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", "not valid JSON"},
                {"{\"w\":", "not valid JSON"},
                {"[1]", "does not start with '{'"},
        };
        List<String> bad = new ArrayList<>();
        for (String[] c : cases) {
            Path f = safetensors(tmp.resolve("bad.safetensors"), c[0], concat(f32(1, 2)));
            try {
                SafetensorsCheckpoint.open(f).close();
                bad.add("accepted " + c[0]);
            } catch (CheckpointFormatException e) {
                if (!e.getMessage().contains("bad.safetensors") || !e.getMessage().contains(c[1])) {
                    bad.add(c[0] + " -> " + e.getMessage());
                }
            }
        }
        assertThat(bad).isEmpty();
    }
}

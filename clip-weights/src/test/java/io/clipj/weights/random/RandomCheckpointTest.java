package io.clipj.weights.random;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipj.testing.SharedAssets;
import io.clipj.weights.Checkpoint;
import io.clipj.weights.Checkpoints;
import io.clipj.weights.ClipWeights;
import io.clipj.weights.DType;
import io.clipj.weights.internal.HalfFloats;
import io.clipj.weights.TensorInfo;
import io.clipj.weights.TensorToWrite;
import io.clipj.weights.config.ClipConfig;
import io.clipj.weights.internal.safetensors.SafetensorsCheckpoint;
import io.clipj.weights.internal.safetensors.SafetensorsWriter;
import io.clipj.weights.internal.torch.TorchCheckpoint;
import io.clipj.weights.internal.torch.TorchZipWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RandomCheckpointTest {

    @TempDir
    Path tmp;

    @Test
    void writesCompleteModelDirectoriesInEveryFormat() throws IOException {
        ClipConfig config = ClipConfig.load(SharedAssets.tinyModel());
        Path tokenizer = SharedAssets.path("models/clip-vit-base-patch32");
        List<String> bad = new ArrayList<>();
        float[][] reference = null;
        for (RandomCheckpoint.Format format : RandomCheckpoint.Format.values()) {
            Path dir = tmp.resolve(format.name());
            Path weights = RandomCheckpoint.write(dir, config, 42, format, tokenizer);
            assertThat(weights.getFileName().toString()).isEqualTo(format.fileName());
            assertThat(ClipConfig.load(dir)).isEqualTo(config);
            assertThat(Files.readString(dir.resolve("preprocessor_config.json"))).contains("\"crop_size\" : 224");
            assertThat(dir.resolve("vocab.json")).hasSameBinaryContentAs(tokenizer.resolve("vocab.json"));
            assertThat(dir.resolve("merges.txt")).hasSameBinaryContentAs(tokenizer.resolve("merges.txt"));
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
            }
            try (Checkpoint c = Checkpoints.open(dir)) {
                ClipWeights.validate(c, config);
                List<TensorInfo> infos = new ArrayList<>(c.tensors().values());
                if (reference == null) {
                    reference = new float[infos.size()][];
                    for (int i = 0; i < infos.size(); i++) {
                        reference[i] = c.readFloats(infos.get(i).name());
                    }
                }
                for (int i = 0; i < infos.size(); i++) {
                    float[] got = c.readFloats(infos.get(i).name());
                    for (int j = 0; j < got.length; j++) {
                        float want = switch (format) {
                            case SAFETENSORS_F16 -> HalfFloats.f16ToF32(HalfFloats.f32ToF16(reference[i][j]));
                            case SAFETENSORS_BF16 -> HalfFloats.bf16ToF32(HalfFloats.f32ToBf16(reference[i][j]));
                            default -> reference[i][j];
                        };
                        if (got[j] != want) {
                            bad.add(format + " " + infos.get(i).name() + "[" + j + "] " + got[j] + " != " + want);
                            break;
                        }
                    }
                }
                float[] ln = c.readFloats("vision_model.encoder.layers.1.layer_norm2.weight");
                float[] fc = c.readFloats("vision_model.encoder.layers.1.mlp.fc1.weight");
                assertThat(mean(ln)).isBetween(0.99, 1.01);
                assertThat(mean(fc)).isBetween(-0.001, 0.001);
                assertThat(Math.sqrt(mean(square(fc)))).isBetween(0.019, 0.021);
                if (format == RandomCheckpoint.Format.SAFETENSORS) {
                    assertThat(c.readFloats("logit_scale")).containsExactly(2.6592f);
                }
            }
        }
        assertThat(bad).isEmpty();
    }

    /** The golden tiny tensors survive both writers bit for bit (I64 position_ids included). */
    @Test
    void writersRoundTripTheGoldenTensors() throws IOException {
        try (SafetensorsCheckpoint golden = SafetensorsCheckpoint.open(SharedAssets.tinyModel().resolve("model.safetensors"))) {
            List<TensorToWrite> tensors = new ArrayList<>();
            for (TensorInfo info : golden.tensors().values()) {
                float[] data = info.dtype() == DType.I64
                        ? toFloats(golden.readLongs(info.name())) : golden.readFloats(info.name());
                tensors.add(TensorToWrite.of(info.name(), info.dtype(), info.shape(), data));
            }
            Path st = tmp.resolve("copy.safetensors");
            Path bin = tmp.resolve("copy.bin");
            SafetensorsWriter.write(st, tensors);
            TorchZipWriter.write(bin, tensors);
            try (SafetensorsCheckpoint a = SafetensorsCheckpoint.open(st); TorchCheckpoint b = TorchCheckpoint.open(bin)) {
                for (TensorInfo info : golden.tensors().values()) {
                    assertThat(a.info(info.name())).isEqualTo(info);
                    assertThat(b.info(info.name())).isEqualTo(info);
                    if (info.dtype() == DType.I64) {
                        assertThat(a.readLongs(info.name())).isEqualTo(golden.readLongs(info.name()));
                        assertThat(b.readLongs(info.name())).isEqualTo(golden.readLongs(info.name()));
                    } else {
                        assertThat(Arrays.equals(a.readFloats(info.name()), golden.readFloats(info.name()))).as(info.name()).isTrue();
                        assertThat(Arrays.equals(b.readFloats(info.name()), golden.readFloats(info.name()))).as(info.name()).isTrue();
                    }
                }
            }
        }
    }

    private static float[] toFloats(long[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = v[i];
        }
        return f;
    }

    private static double mean(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static float[] square(float[] v) {
        float[] s = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            s[i] = v[i] * v[i];
        }
        return s;
    }
}

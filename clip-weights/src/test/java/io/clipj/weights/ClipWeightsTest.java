package io.clipj.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clipj.testing.SharedAssets;
import io.clipj.weights.config.ClipConfig;
import io.clipj.weights.config.ClipConfigs;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClipWeightsTest {

    @Test
    void vitB32HasItsPublishedParameterCount() {
        assertThat(ClipWeights.parameterCount(ClipConfigs.vitB32())).isEqualTo(151_277_313L);
        Map<String, long[]> keys = ClipWeights.expected(ClipConfigs.vitB32());
        assertThat(keys).hasSize(398);
        assertThat(keys.get("vision_model.embeddings.patch_embedding.weight")).containsExactly(768, 3, 32, 32);
        assertThat(keys.get("vision_model.embeddings.position_embedding.weight")).containsExactly(50, 768);
        assertThat(keys.get("visual_projection.weight")).containsExactly(512, 768);
        assertThat(keys.get("text_projection.weight")).containsExactly(512, 512);
        assertThat(keys.get("text_model.encoder.layers.11.mlp.fc1.weight")).containsExactly(2048, 512);
        assertThat(keys.get("logit_scale")).isEmpty();
        assertThat(keys).containsKey("vision_model.pre_layrnorm.weight").doesNotContainKey("visual_projection.bias");
    }

    @Test
    void tinyCheckpointsMatchTheTinyConfig() throws IOException {
        ClipConfig config = ClipConfig.load(SharedAssets.tinyModel());
        for (String file : new String[] {"model.safetensors", "model.fp16.safetensors", "pytorch_model.bin"}) {
            try (Checkpoint c = Checkpoints.open(SharedAssets.tinyModel().resolve(file))) {
                ClipWeights.validate(c, config);
                ClipWeights.validate(c, config, EnumSet.of(ClipWeights.Tower.TEXT));
                ClipWeights.validate(c, config, EnumSet.of(ClipWeights.Tower.VISION));
            }
        }
    }

    @Test
    void reportsMissingUnexpectedAndMisshapedTogether() throws IOException {
        ClipConfig config = ClipConfig.load(SharedAssets.tinyModel());
        try (Checkpoint real = Checkpoints.open(SharedAssets.tinyModel())) {
            Map<String, TensorInfo> tensors = new LinkedHashMap<>(real.tensors());
            tensors.remove("text_model.final_layer_norm.bias");
            tensors.put("vision_model.encoder.layers.2.mlp.fc1.weight",
                    new TensorInfo("vision_model.encoder.layers.2.mlp.fc1.weight", DType.F32, new long[] {256, 64}));
            tensors.put("text_projection.weight", new TensorInfo("text_projection.weight", DType.F32, new long[] {32, 16}));
            tensors.put("logit_scale", new TensorInfo("logit_scale", DType.I64, new long[0]));
            Checkpoint fake = new FakeCheckpoint(tensors);
            assertThatThrownBy(() -> ClipWeights.validate(fake, config))
                    .isInstanceOfSatisfying(CheckpointMismatchException.class, e -> {
                        assertThat(e.missing()).containsExactly("text_model.final_layer_norm.bias");
                        assertThat(e.unexpected()).containsExactly("vision_model.encoder.layers.2.mlp.fc1.weight");
                        assertThat(e.misshaped()).containsExactly(
                                "text_projection.weight: F32[32, 16], expected float[16, 32]",
                                "logit_scale: I64[], expected float[]");
                    })
                    .hasMessageStartingWith("fake does not match the model config: 1 missing [text_model.final_layer_norm.bias];"
                            + " 1 unexpected [vision_model.encoder.layers.2.mlp.fc1.weight]; 2 mis-shaped");
            // the vision tower alone sees only its own problem; the text tower alone only its own two
            assertThatThrownBy(() -> ClipWeights.validate(fake, config, EnumSet.of(ClipWeights.Tower.VISION)))
                    .isInstanceOfSatisfying(CheckpointMismatchException.class, e -> {
                        assertThat(e.missing()).isEmpty();
                        assertThat(e.misshaped()).isEmpty();
                        assertThat(e.unexpected()).containsExactly("vision_model.encoder.layers.2.mlp.fc1.weight");
                    });
            assertThatThrownBy(() -> ClipWeights.validate(fake, config, EnumSet.of(ClipWeights.Tower.TEXT)))
                    .isInstanceOfSatisfying(CheckpointMismatchException.class, e -> {
                        assertThat(e.missing()).containsExactly("text_model.final_layer_norm.bias");
                        assertThat(e.unexpected()).isEmpty();
                        assertThat(e.misshaped()).hasSize(1);
                    });
        }
    }

    /** Metadata only; reading is never needed to validate. */
    private record FakeCheckpoint(Map<String, TensorInfo> tensors) implements Checkpoint {
        @Override
        public float[] readFloats(String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void readFloats(String key, FloatBuffer dst) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String source() {
            return "fake";
        }

        @Override
        public void close() {
        }
    }
}

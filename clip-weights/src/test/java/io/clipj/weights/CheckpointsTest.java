package io.clipj.weights;

import io.clipj.weights.internal.ShardedCheckpoint;
import static io.clipj.weights.TestFiles.f32;
import static io.clipj.weights.TestFiles.safetensors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clipj.testing.SharedAssets;
import io.clipj.weights.internal.safetensors.SafetensorsCheckpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {

    @TempDir
    Path tmp;

    @Test
    void prefersSafetensorsInAModelDirectory() throws IOException {
        try (Checkpoint c = Checkpoints.open(SharedAssets.tinyModel())) {
            assertThat(c).isInstanceOf(SafetensorsCheckpoint.class);
            assertThat(c.source()).endsWith("model.safetensors");
        }
    }

    @Test
    void opensAShardedSafetensorsCheckpoint() throws IOException {
        safetensors(tmp.resolve("model-00001-of-00002.safetensors"),
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", f32(1, 2));
        safetensors(tmp.resolve("model-00002-of-00002.safetensors"),
                "{\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", f32(3));
        Files.writeString(tmp.resolve("model.safetensors.index.json"), "{\"metadata\":{\"total_size\":12},\"weight_map\":{"
                + "\"b\":\"model-00002-of-00002.safetensors\",\"a\":\"model-00001-of-00002.safetensors\"}}");
        try (Checkpoint c = Checkpoints.open(tmp)) {
            assertThat(c).isInstanceOf(ShardedCheckpoint.class);
            assertThat(c.tensors().keySet()).containsExactly("b", "a");
            assertThat(c.readFloats("a")).containsExactly(1, 2);
            assertThat(c.readFloats("b")).containsExactly(3);
        }
    }

    @Test
    void shardedIndexMustMatchItsShards() throws IOException {
        safetensors(tmp.resolve("s1.safetensors"), "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", f32(1));
        Path index = Files.writeString(tmp.resolve("model.safetensors.index.json"),
                "{\"weight_map\":{\"a\":\"s1.safetensors\",\"zz\":\"s1.safetensors\"}}");
        assertThatThrownBy(() -> Checkpoints.open(tmp))
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("model.safetensors.index.json").hasMessageContaining("'zz'");
        Files.writeString(index, "{\"weight_map\":{\"a\":\"../s1.safetensors\"}}");
        assertThatThrownBy(() -> Checkpoints.open(tmp)).hasMessageContaining("outside the index's directory");
        Files.writeString(index, "{\"weight_map\":{\"a\":\"gone.safetensors\"}}");
        assertThatThrownBy(() -> Checkpoints.open(tmp))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("gone.safetensors");
    }

    @Test
    void namesTheFilesLookedForWhenThereAreNoWeights() {
        assertThatThrownBy(() -> Checkpoints.open(tmp))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(tmp.toString())
                .hasMessageContaining("model.safetensors, model.safetensors.index.json, pytorch_model.bin");
    }
}

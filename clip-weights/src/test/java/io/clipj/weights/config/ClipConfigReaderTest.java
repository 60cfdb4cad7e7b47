package io.clipj.weights.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clipj.testing.SharedAssets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ClipConfigReaderTest {

    @TempDir
    Path tmp;

    @Test
    void readsTheTinyConfig() throws IOException {
        ClipConfig c = ClipConfigReader.read(SharedAssets.tinyModel());
        assertThat(c.projectionDim()).isEqualTo(16);
        assertThat(c.text()).isEqualTo(new ClipTextConfig(49408, 32, 128, 2, 2, 77, "quick_gelu", 1e-5, 16, 0, 2, 1));
        assertThat(c.vision()).isEqualTo(new ClipVisionConfig(64, 256, 2, 2, 3, 224, 32, "quick_gelu", 1e-5, 16));
        assertThat(c.vision().numPositions()).isEqualTo(50);
        assertThat(c.logitScaleInitValue()).isEqualTo(2.6592);
    }

    /** The Hub's config.json is full of legacy generation keys (id2label, top_k, ...) and null *_config_dict. */
    @Test
    void readsTheHubViTB32ConfigAndItEqualsThePreset() throws IOException {
        ClipConfig c = ClipConfig.load(SharedAssets.path("models/clip-vit-base-patch32/config.json"));
        assertThat(c).isEqualTo(ClipConfigs.vitB32());
    }

    @Test
    void missingKeysTakeHuggingFaceDefaults() throws IOException {
        ClipConfig c = ClipConfigReader.parse("{}");
        assertThat(c.projectionDim()).isEqualTo(512);
        assertThat(c.text()).isEqualTo(new ClipTextConfig(49408, 512, 2048, 12, 8, 77, "quick_gelu", 1e-5, 512, 49406, 49407, 1));
        assertThat(c.vision()).isEqualTo(new ClipVisionConfig(768, 3072, 12, 12, 3, 224, 32, "quick_gelu", 1e-5, 512));
        ClipConfig partial = ClipConfigReader.parse("{\"projection_dim\": 64, \"vision_config\": {\"patch_size\": 16}}");
        assertThat(partial.text().projectionDim()).isEqualTo(64);
        assertThat(partial.vision().patchSize()).isEqualTo(16);
        assertThat(partial.vision().hiddenSize()).isEqualTo(768);
    }

    @Test
    void legacyConfigDictOverridesTheSection() throws IOException {
        ClipConfig c = ClipConfigReader.parse("{\"text_config\": {\"hidden_size\": 64, \"num_attention_heads\": 4},"
                + " \"text_config_dict\": {\"hidden_size\": 128}, \"vision_config_dict\": {\"hidden_size\": 96,"
                + " \"num_attention_heads\": 6}}");
        assertThat(c.text().hiddenSize()).isEqualTo(128);
        assertThat(c.text().numAttentionHeads()).isEqualTo(4);
        assertThat(c.vision().hiddenSize()).isEqualTo(96);
    }

    @Test
    void badFilesAndValuesAreNamed() throws IOException {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{\"text_config\": {\"hidden_size\": 512,", "not valid JSON");
        cases.put("[1, 2]", "not a JSON object");
        cases.put("{\"text_config\": {\"hidden_size\": \"wide\"}}", "text_config.hidden_size must be an integer");
        cases.put("{\"vision_config\": {\"layer_norm_eps\": \"x\"}}", "vision_config.layer_norm_eps must be a number");
        cases.put("{\"vision_config\": {\"hidden_act\": 3}}", "vision_config.hidden_act must be a string");
        cases.put("{\"vision_config\": {\"hidden_act\": \"relu\"}}", "vision_config.hidden_act 'relu' is not supported");
        cases.put("{\"text_config\": {\"num_attention_heads\": 7}}", "text_config.hidden_size 512 is not divisible");
        cases.put("{\"vision_config\": {\"image_size\": 100}}", "vision_config.image_size 100 is not a multiple");
        cases.put("{\"vision_config\": {\"num_hidden_layers\": 0}}", "vision_config.num_hidden_layers must be positive");
        cases.put("{\"projection_dim\": 2.5}", "projection_dim must be an integer");
        cases.put("{\"text_config\": 5}", "text_config must be a JSON object");
        cases.put("{\"projection_dim\": 8, \"text_config\": {\"projection_dim\": 9}}", "disagrees");
        assertThat(refusals(cases)).isEmpty();
        assertThatThrownBy(() -> ClipConfigReader.read(tmp.resolve("nowhere")))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("nowhere");
    }

    /**
     * A kilobyte of JSON must not size the model: each count and width is bounded where the record is built,
     * before the expected-weight map or any array exists, and the message names the key and the bound.
     */
    @Test
    @Timeout(60) // a hang guard, not a speed check: building a billion-layer model first would never finish
    void hugeCountsAndSizesAreRefusedBeforeAnythingIsBuilt() throws IOException {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{\"text_config\": {\"num_hidden_layers\": 1000000000}}", "text_config.num_hidden_layers 1000000000 exceeds");
        cases.put("{\"vision_config\": {\"num_hidden_layers\": 2147483647}}", "vision_config.num_hidden_layers");
        cases.put("{\"text_config\": {\"vocab_size\": 2000000000}}", "text_config.vocab_size");
        cases.put("{\"text_config\": {\"max_position_embeddings\": 2000000000}}", "text_config.max_position_embeddings");
        cases.put("{\"text_config\": {\"intermediate_size\": 2000000000}}", "text_config.intermediate_size");
        cases.put("{\"vision_config\": {\"hidden_size\": 1073741824, \"num_attention_heads\": 1}}", "vision_config.hidden_size");
        cases.put("{\"vision_config\": {\"hidden_size\": 4096, \"num_attention_heads\": 4096}}", "vision_config.num_attention_heads");
        cases.put("{\"projection_dim\": 1000000000}", "projection_dim 1000000000 exceeds");
        cases.put("{\"vision_config\": {\"image_size\": 65536, \"patch_size\": 1}}", "vision_config.image_size 65536 exceeds");
        cases.put("{\"vision_config\": {\"image_size\": 4096, \"patch_size\": 1}}", "16777216 patches");
        cases.put("{\"vision_config\": {\"num_channels\": 100000}}", "vision_config.num_channels");
        assertThat(refusals(cases)).isEmpty();
    }

    /** image 65536 / patch 1 used to overflow numPatches to 0; such a config no longer exists. */
    @Test
    void numPatchesNeverOverflows() {
        assertThatThrownBy(() -> new ClipVisionConfig(64, 256, 2, 2, 3, 65536, 1, "quick_gelu", 1e-5, 16))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("image_size");
        ClipVisionConfig largest = new ClipVisionConfig(64, 256, 2, 2, 3, 4096, 16, "quick_gelu", 1e-5, 16);
        assertThat(largest.numPatches()).isEqualTo(65536);
        assertThat(largest.numPositions()).isEqualTo(65537);
    }

    /** A config "file" that is a device or far too large is refused without reading it. */
    @Test
    void hugeOrSpecialConfigFilesAreRefusedUnread() throws IOException {
        Path big = tmp.resolve("big/config.json");
        Files.createDirectories(big.getParent());
        try (var ch = java.nio.channels.FileChannel.open(big, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {'{'}), (64L << 20) - 1); // sparse, 64 MiB
        }
        assertThatThrownBy(() -> ClipConfigReader.read(big.getParent())).isInstanceOf(IOException.class)
                .hasMessageContaining(big.toString()).hasMessageContaining("bytes, more than");
        Path zero = Path.of("/dev/zero");
        if (Files.exists(zero)) {
            assertThatThrownBy(() -> ClipConfigReader.read(zero)).isInstanceOf(IOException.class)
                    .hasMessageContaining("/dev/zero").hasMessageContaining("not a regular file");
        }
    }

    @Test
    void presetsHaveThePublishedShapes() {
        ClipConfig l14 = ClipConfigs.vitL14();
        assertThat(l14.text().hiddenSize()).isEqualTo(768);
        assertThat(l14.text().numAttentionHeads()).isEqualTo(12);
        assertThat(l14.text().intermediateSize()).isEqualTo(3072);
        assertThat(l14.vision().hiddenSize()).isEqualTo(1024);
        assertThat(l14.vision().numHiddenLayers()).isEqualTo(24);
        assertThat(l14.vision().numAttentionHeads()).isEqualTo(16);
        assertThat(l14.vision().intermediateSize()).isEqualTo(4096);
        assertThat(l14.vision().numPositions()).isEqualTo(257);
        assertThat(l14.projectionDim()).isEqualTo(768);
        assertThat(ClipConfigs.vitL14_336().vision().numPositions()).isEqualTo(577);
        assertThat(ClipConfigs.vitL14_336().vision().imageSize()).isEqualTo(336);
        assertThat(ClipConfigs.vitB16().vision().numPositions()).isEqualTo(197);
        assertThat(ClipConfigs.vitB32().vision().numPositions()).isEqualTo(50);
    }

    /** Each config text (key) read as config.json; what was accepted, or refused without naming the file and the value. */
    private List<String> refusals(Map<String, String> cases) throws IOException {
        List<String> bad = new ArrayList<>();
        for (Map.Entry<String, String> e : cases.entrySet()) {
            Path file = Files.writeString(tmp.resolve("config.json"), e.getKey());
            try {
                ClipConfigReader.read(tmp);
                bad.add("accepted " + e.getKey());
            } catch (IOException ex) {
                if (!ex.getMessage().contains(file.toString()) || !ex.getMessage().contains(e.getValue())) {
                    bad.add(e.getKey() + " -> " + ex.getMessage());
                }
            }
        }
        return bad;
    }
}

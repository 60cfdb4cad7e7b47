package io.clipj.weights.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clipj.testing.SharedAssets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreprocessorConfigReaderTest {

    @TempDir
    Path dir;

    @Test
    void legacyHubConfigMeansShortestEdgeAndSquareCrop() throws IOException {
        PreprocessorConfig c = PreprocessorConfigReader.read(SharedAssets.path("models/clip-vit-base-patch32"));
        assertThat(c).isEqualTo(PreprocessorConfig.defaults());
        assertThat(c.shortestEdge()).isEqualTo(224);
        assertThat(c.cropHeight()).isEqualTo(224);
        assertThat(c.cropWidth()).isEqualTo(224);
        assertThat(c.resample()).isEqualTo(3);
        assertThat(c.rescaleFactor()).isEqualTo(1.0 / 255);
        assertThat(c.imageMean()).containsExactly(0.48145466, 0.4578275, 0.40821073);
        assertThat(c.imageStd()).containsExactly(0.26862954, 0.26130258, 0.27577711);
    }

    @Test
    void newFormWithEveryKey() throws IOException {
        PreprocessorConfig c = PreprocessorConfigReader.parse("""
                {"image_processor_type": "CLIPImageProcessor", "do_resize": false,
                 "size": {"height": 240, "width": 320}, "resample": 2, "do_center_crop": false,
                 "crop_size": {"height": 200, "width": 100}, "do_rescale": false, "rescale_factor": 0.5,
                 "do_normalize": false, "image_mean": 0.5, "image_std": [0.1, 0.2, 0.3], "do_convert_rgb": false}
                """);
        assertThat(c).isEqualTo(new PreprocessorConfig(false, 0, 240, 320, 2, false, 200, 100, false, 0.5, false,
                List.of(0.5, 0.5, 0.5), List.of(0.1, 0.2, 0.3), false));
    }

    @Test
    void shortestEdgeDictAndListSizes() throws IOException {
        assertThat(PreprocessorConfigReader.parse("{\"size\": {\"shortest_edge\": 336}, \"crop_size\": 336}")
                .shortestEdge()).isEqualTo(336);
        PreprocessorConfig list = PreprocessorConfigReader.parse("{\"size\": [10, 20], \"crop_size\": [5, 6]}");
        assertThat(List.of(list.shortestEdge(), list.resizeHeight(), list.resizeWidth(), list.cropHeight(),
                list.cropWidth())).containsExactly(0, 10, 20, 5, 6);
        assertThat(PreprocessorConfigReader.parse("{}")).isEqualTo(PreprocessorConfig.defaults());
    }

    @Test
    void errorsNameTheFileAndKey() throws IOException {
        Path bad = Files.writeString(dir.resolve("preprocessor_config.json"), "{\"crop_size\": \"big\"}");
        assertThatThrownBy(() -> PreprocessorConfigReader.read(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(bad.toString())
                .hasMessageContaining("crop_size");
        Files.writeString(bad, "{\"image_std\": [0.1, 0, 0.3]}");
        assertThatThrownBy(() -> PreprocessorConfigReader.read(bad)).hasMessageContaining("image_std");
        Files.writeString(bad, "{\"resample\": 9}");
        assertThatThrownBy(() -> PreprocessorConfigReader.read(bad)).hasMessageContaining("resample 9");
        Files.writeString(bad, "{not json");
        assertThatThrownBy(() -> PreprocessorConfigReader.read(bad)).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> PreprocessorConfigReader.read(dir.resolve("missing")))
                .isInstanceOf(NoSuchFileException.class);
    }

    /** A huge crop or resize size is refused by name, not as a negative array size later. */
    @Test
    void hugeSizesAreRefusedByName() throws IOException {
        Path bad = dir.resolve("preprocessor_config.json");
        for (String[] c : new String[][] {
            {"{\"crop_size\": 2000000000}", "crop_size.height 2000000000 exceeds"},
            {"{\"crop_size\": {\"height\": 10, \"width\": 65536}}", "crop_size.width 65536 exceeds"},
            {"{\"size\": 1000000}", "size.shortest_edge 1000000 exceeds"},
            {"{\"size\": [100000, 5]}", "size.height 100000 exceeds"}}) {
            Files.writeString(bad, c[0]);
            assertThatThrownBy(() -> PreprocessorConfigReader.read(dir)).as(c[0]).isInstanceOf(IOException.class)
                    .hasMessageContaining(bad.toString()).hasMessageContaining(c[1]);
        }
    }
}

package io.clipj.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipj.zeroshot.ZeroShotMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZeroShotReportTest {

    @TempDir
    Path dir;

    @Test
    void reportHasTheCliFieldsAndNoNaN() throws IOException {
        ZeroShotMetrics metrics = new ZeroShotMetrics(3);
        metrics.add("s1", 0, new float[] {3, 1, 2});
        metrics.add("s0", 2, new float[] {3, 1, 2});
        Path out = dir.resolve("r.json");
        ZeroShotReport.write(metrics.result(4), java.util.List.of("cat", "dog", "eel"),
                new ZeroShotReport.Run("acme/pets", "test", "org/model", "/models/m"), out);
        JsonNode json = new ObjectMapper().readTree(out.toFile());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(out);
        }
        assertAll(
                () -> assertThat(json.get("dataset").asText()).isEqualTo("acme/pets"),
                () -> assertThat(json.get("model").asText()).isEqualTo("org/model"),
                () -> assertThat(json.get("pretrained").asText()).isEqualTo("/models/m"),
                () -> assertThat(json.get("task").asText()).isEqualTo("zeroshot_classification"),
                () -> assertThat(json.get("metrics").get("acc1").asDouble()).isEqualTo(0.5),
                () -> assertThat(json.get("metrics").get("acc5").isNull()).isTrue(),
                () -> assertThat(json.get("metrics").get("mean_per_class_recall").asDouble()).isEqualTo(0.5),
                () -> assertThat(json.get("n").asLong()).isEqualTo(2),
                () -> assertThat(json.get("skipped").asInt()).isEqualTo(4),
                () -> assertThat(json.get("predictions").fieldNames()).toIterable().containsExactly("s1", "s0"),
                () -> assertThat(json.get("predictions").get("s0").get("top5").toString()).isEqualTo("[0,2,1]"),
                () -> assertThat(json.get("predictions").get("s0").get("top5_names").toString())
                        .isEqualTo("[\"cat\",\"eel\",\"dog\"]"),
                () -> assertThat(json.get("predictions").get("s0").get("label").asInt()).isEqualTo(2),
                () -> assertThat(json.get("predictions").get("s0").get("label_name").asText()).isEqualTo("eel"),
                // softmax of {3, 1, 2} at 0, 2, 1
                () -> assertThat(json.get("predictions").get("s0").get("scores").get(0).asDouble())
                        .isCloseTo(Math.exp(3) / (Math.exp(3) + Math.exp(1) + Math.exp(2)),
                                org.assertj.core.data.Offset.offset(1e-12)),
                () -> assertThat(json.get("predictions").get("s0").get("scores").get(2).asDouble())
                        .isCloseTo(Math.exp(1) / (Math.exp(3) + Math.exp(1) + Math.exp(2)),
                                org.assertj.core.data.Offset.offset(1e-12)));
    }
}

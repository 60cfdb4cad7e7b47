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
        ZeroShotReport.write(metrics.result(4), out);
        JsonNode json = new ObjectMapper().readTree(out.toFile());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(out);
        }
        assertAll(
                () -> assertThat(json.get("acc1").asDouble()).isEqualTo(0.5),
                () -> assertThat(json.get("acc5").isNull()).isTrue(),
                () -> assertThat(json.get("mean_per_class_recall").asDouble()).isEqualTo(0.5),
                () -> assertThat(json.get("n").asLong()).isEqualTo(2),
                () -> assertThat(json.get("skipped").asInt()).isEqualTo(4),
                () -> assertThat(json.get("predictions").fieldNames()).toIterable().containsExactly("s1", "s0"),
                () -> assertThat(json.get("predictions").get("s0").toString()).isEqualTo("[0,2,1]"));
    }
}

package io.clipj.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipj.testing.SharedAssets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code zeroshot} on golden/tiny over wds/imagenetv2-sample: R.json's top-5 lists and accuracies equal
 * golden/tiny/zeroshot/zeroshot.json; a second run reads the cached classifier and honours --limit.
 */
class ZeroShotCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void resultsEqualGoldenThenCachedClassifierWithLimit() throws IOException {
        JsonNode golden = JSON.readTree(SharedAssets.path("golden/tiny/zeroshot/zeroshot.json").toFile());
        Path cache = tmp.resolve("cache");
        Path report = tmp.resolve("R.json");
        Cli r = Cli.run("zeroshot", "--model", SharedAssets.tinyModel().toString(), "--dataset",
                SharedAssets.path("wds/imagenetv2-sample").toString(), "--batch-size", "4", "--text-batch-size", "500",
                "--cache-dir", cache.toString(), "--out", report.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode actual = JSON.readTree(report.toFile());
        List<String> keys = new ArrayList<>();
        golden.get("keys").forEach(k -> keys.add(k.asText()));
        List<String> actualKeys = new ArrayList<>();
        actual.get("predictions").fieldNames().forEachRemaining(actualKeys::add);
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            JsonNode top5 = actual.get("predictions").get(keys.get(i)).get("top5");
            if (!golden.get("top5").get(i).equals(top5)) {
                mismatches.add(keys.get(i) + ": top-5 " + top5 + ", golden " + golden.get("top5").get(i));
            }
        }
        double recall = balancedAccuracy(golden);
        assertAll(
                () -> assertThat(actualKeys).isEqualTo(keys),
                () -> assertThat(mismatches).isEmpty(),
                () -> assertThat(actual.get("metrics").get("acc1").asDouble()).isEqualTo(golden.get("acc1").asDouble()),
                () -> assertThat(actual.get("metrics").get("acc5").asDouble()).isEqualTo(golden.get("acc5").asDouble()),
                () -> assertThat(actual.get("metrics").get("mean_per_class_recall").asDouble()).isEqualTo(recall),
                () -> assertThat(actual.get("n").asInt()).isEqualTo(10),
                () -> assertThat(actual.get("task").asText()).isEqualTo("zeroshot_classification"),
                () -> assertThat(actual.get("model").asText()).isEqualTo(SharedAssets.tinyModel().toString()),
                () -> assertThat(actual.get("predictions").get(keys.get(0)).get("label").asInt())
                        .isEqualTo(golden.get("labels").get(0).asInt()),
                () -> assertThat(actual.get("predictions").get(keys.get(0)).get("top5_names").size()).isEqualTo(5),
                () -> assertThat(actual.get("predictions").get(keys.get(0)).get("scores").get(0).asDouble())
                        .isBetween(0.0, 1.0),
                () -> assertThat(actual.get("skipped").asInt()).isZero(),
                () -> assertThat(r.out()).contains("n=10"),
                () -> assertThat(r.err()).contains("classifier", "images"));
        try (var files = Files.list(cache)) {
            assertThat(files.filter(f -> f.toString().endsWith(".npy")).count()).isEqualTo(1);
        }
        // R.json goes through the CLI's atomic writer: readable by the group like every output, no temporary left
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(report)))
                .startsWith("rw-r");
        try (var files = Files.list(tmp)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("cache", "R.json");
        }

        Path limited = tmp.resolve("R3.json");
        Cli again = Cli.run("zeroshot", "--model", SharedAssets.tinyModel().toString(), "--dataset",
                SharedAssets.path("wds/imagenetv2-sample").toString(), "--limit", "3", "--cache-dir", cache.toString(),
                "--out", limited.toString());
        assertThat(again.exit()).as(again.toString()).isZero();
        JsonNode three = JSON.readTree(limited.toFile());
        assertAll(
                () -> assertThat(three.get("n").asInt()).isEqualTo(3),
                () -> assertThat(three.get("predictions").get(keys.get(2)).get("top5")).isEqualTo(golden.get("top5").get(2)),
                () -> assertThat(again.err()).doesNotContain("prompts"));
    }

    /** sklearn's balanced_accuracy_score of golden labels against golden top-1. */
    private static double balancedAccuracy(JsonNode golden) {
        java.util.Map<Integer, int[]> perClass = new java.util.HashMap<>();
        Iterator<JsonNode> labels = golden.get("labels").elements();
        int i = 0;
        while (labels.hasNext()) {
            int label = labels.next().asInt();
            int[] counts = perClass.computeIfAbsent(label, k -> new int[2]);
            counts[0]++;
            if (golden.get("top5").get(i).get(0).asInt() == label) {
                counts[1]++;
            }
            i++;
        }
        return perClass.values().stream().mapToDouble(c -> (double) c[1] / c[0]).average().orElseThrow();
    }
}

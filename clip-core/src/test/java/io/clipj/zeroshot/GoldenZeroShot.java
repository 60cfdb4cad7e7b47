package io.clipj.zeroshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipj.testing.SharedAssets;
import io.clipj.weights.npy.Npy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The golden zero-shot reference of {@code golden/tiny/zeroshot} (see {@code golden/README.md}). */
record GoldenZeroShot(List<String> keys, int[] labels, List<List<Integer>> top5, double acc1, double acc5,
        Npy.Array logits, Npy.Array weights) {

    static GoldenZeroShot load() {
        try {
            JsonNode json = new ObjectMapper().readTree(SharedAssets.path("golden/tiny/zeroshot/zeroshot.json").toFile());
            List<String> keys = new ArrayList<>();
            json.get("keys").forEach(k -> keys.add(k.asText()));
            int[] labels = new int[json.get("labels").size()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = json.get("labels").get(i).asInt();
            }
            List<List<Integer>> top5 = new ArrayList<>();
            json.get("top5").forEach(row -> {
                List<Integer> ids = new ArrayList<>();
                row.forEach(id -> ids.add(id.asInt()));
                top5.add(List.copyOf(ids));
            });
            return new GoldenZeroShot(List.copyOf(keys), labels, List.copyOf(top5), json.get("acc1").asDouble(),
                    json.get("acc5").asDouble(), Npy.read(SharedAssets.path("golden/tiny/zeroshot/logits.npy")),
                    Npy.read(SharedAssets.path("golden/tiny/zeroshot/zeroshot_weights.npy")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Row {@code n} of the golden logits {@code [10, 1000]}. */
    float[] logitsRow(int n) {
        int c = logits.shape()[1];
        float[] row = new float[c];
        System.arraycopy(logits.data(), n * c, row, 0, c);
        return row;
    }
}

package io.clipj.bench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipj.weights.AtomicFiles;
import io.clipj.zeroshot.ZeroShotResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link ZeroShotResult} as the CLI's {@code zeroshot --out R.json}: {@code acc1}, {@code acc5},
 * {@code mean_per_class_recall}, {@code n}, {@code skipped} and {@code predictions} ({@code {key: [top-5
 * class ids]}}, dataset order). NaN metrics (e.g. {@code acc5} with fewer than 5 classes) are written as
 * {@code null}, since JSON has no NaN. Written with {@link AtomicFiles}.
 *
 * <p>Stateless and thread-safe.
 */
public final class ZeroShotReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ZeroShotReport() {
    }

    /** The report as a JSON tree. */
    public static ObjectNode toJson(ZeroShotResult result) {
        ObjectNode root = JSON.createObjectNode();
        putMetric(root, "acc1", result.acc1());
        putMetric(root, "acc5", result.acc5());
        putMetric(root, "mean_per_class_recall", result.meanPerClassRecall());
        root.put("n", result.n());
        root.put("skipped", result.skipped());
        ObjectNode predictions = root.putObject("predictions");
        for (Map.Entry<String, List<Integer>> e : result.predictions().entrySet()) {
            ArrayNode ids = predictions.putArray(e.getKey());
            e.getValue().forEach(ids::add);
        }
        return root;
    }

    /** Writes the report to {@code file} atomically (no half-written file on failure). */
    public static void write(ZeroShotResult result, Path file) throws IOException {
        ObjectNode json = toJson(result);
        AtomicFiles.writeStream(file, os -> JSON.writeValue(os, json));
    }

    private static void putMetric(ObjectNode root, String name, double value) {
        if (Double.isNaN(value)) {
            root.putNull(name);
        } else {
            root.put(name, value);
        }
    }
}

package io.clipj.bench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipj.weights.AtomicFiles;
import io.clipj.zeroshot.ZeroShotPrediction;
import io.clipj.zeroshot.ZeroShotResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link ZeroShotResult} as the CLI's {@code zeroshot --out R.json}, in CLIP_benchmark's layout
 * ({@code dataset}, {@code model}, {@code pretrained}, {@code task}: {@code "zeroshot_classification"},
 * {@code metrics: {acc1, acc5, mean_per_class_recall}}) plus clipj's {@code split}, {@code n}, {@code skipped}
 * and {@code predictions}: per sample key (dataset order) its true {@code label} and {@code label_name}, and
 * {@code top5} ids, {@code top5_names} and {@code scores} (softmax probabilities). NaN metrics (e.g. {@code acc5}
 * with fewer than 5 classes) are written as {@code null}, since JSON has no NaN. Written with {@link AtomicFiles}.
 *
 * <p>Stateless and thread-safe.
 */
public final class ZeroShotReport {

    /** What was evaluated: the arguments as given and the model directory the weights came from. */
    public record Run(String dataset, String split, String model, String pretrained) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ZeroShotReport() {
    }

    /** The report as a JSON tree; {@code classNames} names the class ids. */
    public static ObjectNode toJson(ZeroShotResult result, List<String> classNames, Run run) {
        ObjectNode root = JSON.createObjectNode();
        root.put("dataset", run.dataset());
        root.put("model", run.model());
        root.put("pretrained", run.pretrained());
        root.put("task", "zeroshot_classification");
        ObjectNode metrics = root.putObject("metrics");
        putMetric(metrics, "acc1", result.acc1());
        putMetric(metrics, "acc5", result.acc5());
        putMetric(metrics, "mean_per_class_recall", result.meanPerClassRecall());
        root.put("split", run.split());
        root.put("n", result.n());
        root.put("skipped", result.skipped());
        ObjectNode predictions = root.putObject("predictions");
        for (Map.Entry<String, ZeroShotPrediction> e : result.samples().entrySet()) {
            ZeroShotPrediction p = e.getValue();
            ObjectNode sample = predictions.putObject(e.getKey());
            sample.put("label", p.label());
            sample.put("label_name", classNames.get(p.label()));
            ArrayNode ids = sample.putArray("top5");
            ArrayNode names = sample.putArray("top5_names");
            for (int id : p.top5()) {
                ids.add(id);
                names.add(classNames.get(id));
            }
            ArrayNode scores = sample.putArray("scores");
            p.scores().forEach(scores::add);
        }
        return root;
    }

    /** Writes the report to {@code file} atomically (no half-written file on failure). */
    public static void write(ZeroShotResult result, List<String> classNames, Run run, Path file) throws IOException {
        byte[] json = JSON.writeValueAsBytes(toJson(result, classNames, run));
        AtomicFiles.writeStream(file, out -> out.write(json));
    }

    private static void putMetric(ObjectNode root, String name, double value) {
        if (Double.isNaN(value)) {
            root.putNull(name);
        } else {
            root.put(name, value);
        }
    }
}

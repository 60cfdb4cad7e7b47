package io.clipj.bench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipj.SimilarityResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code similarity --out S.json}: {@code model}, {@code logit_scale} ({@code exp} applied, as multiplied),
 * {@code images} (row labels), {@code texts}, and the {@code [images][texts]} matrices {@code cosine},
 * {@code logits_per_image} and {@code probabilities} (softmax of each image's logits over the texts).
 *
 * <p>Stateless and thread-safe.
 */
final class SimilarityJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SimilarityJson() {
    }

    static void write(Path file, String model, float logitScale, List<String> images, List<String> texts,
            SimilarityResult sim) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", model);
        root.put("logit_scale", logitScale);
        images.forEach(root.putArray("images")::add);
        texts.forEach(root.putArray("texts")::add);
        matrix(root.putArray("cosine"), sim.cosine());
        matrix(root.putArray("logits_per_image"), sim.logitsPerImage());
        matrix(root.putArray("probabilities"), sim.probabilities());
        OutputFiles.writeAtomically(file, out -> out.write(JSON.writeValueAsBytes(root)));
    }

    private static void matrix(ArrayNode node, float[][] m) {
        for (float[] row : m) {
            ArrayNode r = node.addArray();
            for (float v : row) {
                r.add(v);
            }
        }
    }
}

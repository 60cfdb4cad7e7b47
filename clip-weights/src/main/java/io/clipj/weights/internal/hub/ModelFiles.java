package io.clipj.weights.internal.hub;

import io.clipj.weights.hub.HubException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * Which files of a repo make a loadable CLIP model directory, in the order transformers' {@code from_pretrained}
 * looks for them. Weights: {@code model.safetensors}, its sharded index, {@code pytorch_model.bin}, its sharded
 * index, the first that exists; Flax ({@code flax_model.msgpack}) and TensorFlow ({@code tf_model.h5}) files are
 * never requested, since clipj cannot read them.
 *
 * <p>Stateless and thread-safe.
 */
public final class ModelFiles {

    /** {@code config.json} comes first: its answer pins the commit for all the others. */
    public static final String CONFIG = "config.json";
    /** Needed besides the config: the BPE tokenizer's vocabulary and merges. */
    public static final List<String> REQUIRED = List.of("vocab.json", "merges.txt");
    /** Used when the repo has them; absent ones are recorded in {@code .no_exist}. */
    public static final List<String> OPTIONAL = List.of("preprocessor_config.json", "tokenizer_config.json",
            "special_tokens_map.json", "tokenizer.json", "added_tokens.json");
    /** Weight files in order of preference. */
    public static final List<String> WEIGHTS = List.of("model.safetensors", "model.safetensors.index.json",
            "pytorch_model.bin", "pytorch_model.bin.index.json");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ModelFiles() {
    }

    public static boolean isIndex(String weightFile) {
        return weightFile.endsWith(".index.json");
    }

    /** The distinct shard file names of a sharded checkpoint's index ({@code weight_map} values), sorted. */
    public static List<String> shards(Path index) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(index.toFile());
        } catch (IOException e) {
            throw new HubException(HubException.Reason.PROTOCOL, "weight index " + index + " is not valid JSON: "
                    + e.getMessage(), e);
        }
        JsonNode map = root == null ? null : root.get("weight_map");
        if (map == null || !map.isObject() || map.isEmpty()) {
            throw new HubException(HubException.Reason.PROTOCOL, "weight index " + index
                    + " has no 'weight_map' object naming the shard of each tensor");
        }
        TreeSet<String> names = new TreeSet<>();
        for (Iterator<JsonNode> it = map.elements(); it.hasNext(); ) {
            JsonNode v = it.next();
            if (!v.isTextual()) {
                throw new HubException(HubException.Reason.PROTOCOL, "weight index " + index
                        + ": 'weight_map' values must be shard file names, found " + v);
            }
            names.add(v.asText());
        }
        return new ArrayList<>(names);
    }
}

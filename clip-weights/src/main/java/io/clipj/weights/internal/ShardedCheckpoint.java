package io.clipj.weights.internal;

import io.clipj.weights.Checkpoint;
import io.clipj.weights.CheckpointFormatException;
import io.clipj.weights.TensorInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A checkpoint split over several files and tied together by a HuggingFace index
 * ({@code model.safetensors.index.json} or {@code pytorch_model.bin.index.json}), whose {@code weight_map}
 * names the shard holding each tensor. Shards are opened once each; every key of the weight map must be
 * present in its shard with no key left over.
 *
 * <p>Thread-safe when the shards are (the ones in this module are).
 */
public final class ShardedCheckpoint implements Checkpoint {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Opens one shard file. */
    @FunctionalInterface
    public interface ShardOpener {
        Checkpoint open(Path shard) throws IOException;
    }

    private final Path index;
    private final List<Checkpoint> shards;
    private final Map<String, Checkpoint> owner;
    private final Map<String, TensorInfo> tensors;

    private ShardedCheckpoint(Path index, List<Checkpoint> shards, Map<String, Checkpoint> owner,
                              Map<String, TensorInfo> tensors) {
        this.index = index;
        this.shards = shards;
        this.owner = owner;
        this.tensors = tensors;
    }

    /**
     * Opens the index file and every shard it names (resolved beside the index).
     *
     * @throws CheckpointFormatException naming the index and the key when the index is malformed, names a
     *                                   shard outside its directory, or a shard lacks a tensor mapped to it
     */
    public static ShardedCheckpoint open(Path index, ShardOpener opener) throws IOException {
        Map<String, String> weightMap = readWeightMap(index);
        Path dir = index.toAbsolutePath().getParent();
        Map<String, Checkpoint> byFile = new LinkedHashMap<>();
        Map<String, Checkpoint> owner = new LinkedHashMap<>();
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, String> e : weightMap.entrySet()) {
                String shardName = e.getValue();
                Checkpoint shard = byFile.get(shardName);
                if (shard == null) {
                    Path shardPath = dir.resolve(shardName).normalize();
                    if (!shardPath.getParent().equals(dir.normalize())) {
                        throw new CheckpointFormatException(index + ": weight_map entry '" + e.getKey() + "' names shard '"
                                + shardName + "' outside the index's directory");
                    }
                    if (!Files.isRegularFile(shardPath)) {
                        throw new NoSuchFileException(shardPath.toString(), null,
                                "shard named by " + index.getFileName() + " for tensor '" + e.getKey() + "' is missing");
                    }
                    shard = opener.open(shardPath);
                    byFile.put(shardName, shard);
                }
                TensorInfo info = shard.tensors().get(e.getKey());
                if (info == null) {
                    throw new CheckpointFormatException(index + ": weight_map puts tensor '" + e.getKey() + "' in '"
                            + shardName + "', which does not contain it");
                }
                owner.put(e.getKey(), shard);
                tensors.put(e.getKey(), info);
            }
        } catch (IOException | RuntimeException ex) {
            for (Checkpoint c : byFile.values()) {
                try {
                    c.close();
                } catch (IOException suppressed) {
                    ex.addSuppressed(suppressed);
                }
            }
            throw ex;
        }
        return new ShardedCheckpoint(index, List.copyOf(byFile.values()), owner, Collections.unmodifiableMap(tensors));
    }

    private static Map<String, String> readWeightMap(Path index) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readString(index));
        } catch (JsonProcessingException e) {
            throw new CheckpointFormatException(index + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode map = root == null ? null : root.get("weight_map");
        if (map == null || !map.isObject()) {
            throw new CheckpointFormatException(index + ": missing 'weight_map' object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new CheckpointFormatException(index + ": weight_map entry '" + e.getKey() + "' is not a file name");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }

    /** The shards, in the order the weight map first names them. */
    public List<Checkpoint> shards() {
        return shards;
    }

    @Override
    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    @Override
    public float[] readFloats(String key) throws IOException {
        return shardOf(key).readFloats(key);
    }

    @Override
    public void readFloats(String key, FloatBuffer dst) throws IOException {
        shardOf(key).readFloats(key, dst);
    }

    @Override
    public long[] readLongs(String key) throws IOException {
        return shardOf(key).readLongs(key);
    }

    @Override
    public String source() {
        return index.toString();
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (Checkpoint c : new ArrayList<>(shards)) {
            try {
                c.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private Checkpoint shardOf(String key) {
        Checkpoint c = owner.get(key);
        if (c == null) {
            throw new IllegalArgumentException(source() + ": no tensor '" + key + "'");
        }
        return c;
    }
}

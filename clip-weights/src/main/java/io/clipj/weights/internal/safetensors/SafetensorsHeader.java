package io.clipj.weights.internal.safetensors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipj.weights.CheckpointFormatException;
import io.clipj.weights.DType;
import io.clipj.weights.TensorInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed, validated JSON header of a safetensors file: each tensor's dtype, shape and byte range
 * (relative to the data section that follows the header), plus the optional string-to-string
 * {@code __metadata__}.
 *
 * <p>Validation is strict, as in the reference Rust crate: the header is one JSON object without duplicate
 * keys; each entry has a known dtype, a shape of non-negative integers, and {@code data_offsets [begin, end]}
 * inside the data section whose length is exactly elements × element size; no two tensors overlap. Gaps
 * between tensors are tolerated (they waste bytes but are harmless). Every message names the file and the
 * tensor.
 *
 * <p>Immutable and thread-safe.
 *
 * @param tensors  tensor metadata in header order
 * @param begins   start of each tensor's bytes within the data section, by key
 * @param metadata the {@code __metadata__} map (empty when absent)
 */
public record SafetensorsHeader(Map<String, TensorInfo> tensors, Map<String, Long> begins, Map<String, String> metadata) {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * Parses and validates a header.
     *
     * @param json       the header bytes (UTF-8 JSON)
     * @param dataLength bytes after the header, which every tensor must lie within
     * @param file       names the file in messages
     */
    public static SafetensorsHeader parse(byte[] json, long dataLength, String file) throws CheckpointFormatException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new CheckpointFormatException(file + ": safetensors header is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (java.io.IOException e) {
            throw new CheckpointFormatException(file + ": cannot parse safetensors header: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new CheckpointFormatException(file + ": safetensors header is not a JSON object");
        }
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        Map<String, Long> begins = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        List<long[]> ranges = new ArrayList<>();
        List<String> rangeNames = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            if (key.equals("__metadata__")) {
                readMetadata(e.getValue(), metadata, file);
                continue;
            }
            String where = file + ": tensor '" + key + "'";
            JsonNode entry = e.getValue();
            if (!entry.isObject()) {
                throw new CheckpointFormatException(where + ": header entry is not a JSON object");
            }
            DType dtype = dtype(entry.get("dtype"), where);
            long[] shape = longs(entry.get("shape"), "shape", -1, where);
            long[] offsets = longs(entry.get("data_offsets"), "data_offsets", 2, where);
            long count = 1;
            for (long d : shape) {
                try {
                    count = Math.multiplyExact(count, d);
                } catch (ArithmeticException overflow) {
                    throw new CheckpointFormatException(where + ": shape overflows a 64-bit element count");
                }
            }
            long begin = offsets[0];
            long end = offsets[1];
            if (begin > end) {
                throw new CheckpointFormatException(where + ": data_offsets [" + begin + ", " + end + "] run backwards");
            }
            if (end > dataLength) {
                throw new CheckpointFormatException(where + ": data_offsets [" + begin + ", " + end
                        + "] extend past the end of the file (data section has " + dataLength + " bytes)");
            }
            long expected;
            try {
                expected = Math.multiplyExact(count, dtype.byteSize());
            } catch (ArithmeticException overflow) {
                throw new CheckpointFormatException(where + ": shape overflows a 64-bit byte count");
            }
            if (end - begin != expected) {
                throw new CheckpointFormatException(where + ": " + dtype + " shape " + java.util.Arrays.toString(shape)
                        + " needs " + expected + " bytes but data_offsets [" + begin + ", " + end + "] hold "
                        + (end - begin));
            }
            tensors.put(key, new TensorInfo(key, dtype, shape));
            begins.put(key, begin);
            if (end > begin) {
                ranges.add(offsets);
                rangeNames.add(key);
            }
        }
        checkOverlaps(ranges, rangeNames, file);
        return new SafetensorsHeader(Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(begins),
                Collections.unmodifiableMap(metadata));
    }

    private static void checkOverlaps(List<long[]> ranges, List<String> names, String file)
            throws CheckpointFormatException {
        Integer[] order = new Integer[ranges.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingLong(i -> ranges.get(i)[0]));
        for (int k = 1; k < order.length; k++) {
            long[] prev = ranges.get(order[k - 1]);
            long[] cur = ranges.get(order[k]);
            if (cur[0] < prev[1]) {
                throw new CheckpointFormatException(file + ": tensors '" + names.get(order[k - 1]) + "' [" + prev[0] + ", "
                        + prev[1] + ") and '" + names.get(order[k]) + "' [" + cur[0] + ", " + cur[1] + ") overlap");
            }
        }
    }

    private static void readMetadata(JsonNode node, Map<String, String> out, String file)
            throws CheckpointFormatException {
        if (!node.isObject()) {
            throw new CheckpointFormatException(file + ": __metadata__ is not a JSON object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            if (!m.getValue().isTextual()) {
                throw new CheckpointFormatException(file + ": __metadata__ value of '" + m.getKey() + "' is not a string");
            }
            out.put(m.getKey(), m.getValue().textValue());
        }
    }

    private static DType dtype(JsonNode node, String where) throws CheckpointFormatException {
        if (node == null || !node.isTextual()) {
            throw new CheckpointFormatException(where + ": missing or non-string 'dtype'");
        }
        try {
            return DType.valueOf(node.textValue());
        } catch (IllegalArgumentException e) {
            throw new CheckpointFormatException(where + ": unsupported dtype '" + node.textValue() + "'");
        }
    }

    /** A JSON array of non-negative integers; {@code length} -1 means any length. */
    private static long[] longs(JsonNode node, String field, int length, String where) throws CheckpointFormatException {
        if (node == null || !node.isArray()) {
            throw new CheckpointFormatException(where + ": missing or non-array '" + field + "'");
        }
        if (length >= 0 && node.size() != length) {
            throw new CheckpointFormatException(where + ": '" + field + "' must have " + length + " entries, has "
                    + node.size());
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
                throw new CheckpointFormatException(where + ": '" + field + "' entry " + v
                        + " is not a non-negative 64-bit integer");
            }
            out[i] = v.longValue();
        }
        return out;
    }
}

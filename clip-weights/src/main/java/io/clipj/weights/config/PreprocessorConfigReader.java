package io.clipj.weights.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses HuggingFace {@code preprocessor_config.json} into {@link PreprocessorConfig}, as
 * {@code CLIPImageProcessor.from_pretrained} does: absent keys take HF's defaults; {@code size} may be an
 * integer (legacy: the shortest edge), a list {@code [height, width]}, {@code {"shortest_edge": n}} or
 * {@code {"height": h, "width": w}}; {@code crop_size} an integer (a square), a list or
 * {@code {"height": h, "width": w}}; {@code image_mean}/{@code image_std} a list or one number for every channel.
 * Unknown keys ({@code feature_extractor_type}, {@code image_processor_type}, ...) are ignored.
 *
 * <p>Stateless and thread-safe.
 */
public final class PreprocessorConfigReader {

    private PreprocessorConfigReader() {
    }

    /** Reads {@code preprocessor_config.json}; {@code path} may be the file or its model directory. */
    public static PreprocessorConfig read(Path path) throws IOException {
        return JsonConfigFile.read(path, "preprocessor_config.json", "preprocessor config", PreprocessorConfigReader::parse);
    }

    /** Parses the text of a {@code preprocessor_config.json}. */
    public static PreprocessorConfig parse(String json) throws JsonProcessingException {
        JsonNode root = JsonConfigFile.rootObject(json, "preprocessor config");
        PreprocessorConfig d = PreprocessorConfig.defaults();
        int shortestEdge = d.shortestEdge();
        int resizeHeight = 0;
        int resizeWidth = 0;
        JsonNode size = root.get("size");
        if (size != null && !size.isNull()) {
            if (size.isIntegralNumber()) {
                // get_size_dict(size, default_to_square=False): an int is the shortest edge
                shortestEdge = asInt("size", size);
            } else if (size.isArray()) {
                int[] hw = pair("size", size);
                shortestEdge = 0;
                resizeHeight = hw[0];
                resizeWidth = hw[1];
            } else if (size.isObject() && size.has("shortest_edge")) {
                if (size.has("longest_edge")) {
                    throw new IllegalArgumentException("size.longest_edge is not supported by CLIPImageProcessor");
                }
                shortestEdge = asInt("size.shortest_edge", size.get("shortest_edge"));
                if (shortestEdge <= 0) {
                    throw new IllegalArgumentException("size.shortest_edge must be positive, got " + shortestEdge);
                }
            } else if (size.isObject() && size.has("height") && size.has("width")) {
                shortestEdge = 0;
                resizeHeight = asInt("size.height", size.get("height"));
                resizeWidth = asInt("size.width", size.get("width"));
            } else {
                throw new IllegalArgumentException("size must be an integer, [height, width], {\"shortest_edge\": n}"
                        + " or {\"height\": h, \"width\": w}, got " + size);
            }
        }
        int cropHeight = d.cropHeight();
        int cropWidth = d.cropWidth();
        JsonNode crop = root.get("crop_size");
        if (crop != null && !crop.isNull()) {
            if (crop.isIntegralNumber()) {
                cropHeight = cropWidth = asInt("crop_size", crop);
            } else if (crop.isArray()) {
                int[] hw = pair("crop_size", crop);
                cropHeight = hw[0];
                cropWidth = hw[1];
            } else if (crop.isObject() && crop.has("height") && crop.has("width")) {
                cropHeight = asInt("crop_size.height", crop.get("height"));
                cropWidth = asInt("crop_size.width", crop.get("width"));
            } else {
                throw new IllegalArgumentException("crop_size must be an integer, [height, width] or"
                        + " {\"height\": h, \"width\": w}, got " + crop);
            }
        }
        return new PreprocessorConfig(
                boolOr(root, "do_resize", d.doResize()),
                shortestEdge, resizeHeight, resizeWidth,
                intOr(root, "resample", d.resample()),
                boolOr(root, "do_center_crop", d.doCenterCrop()),
                cropHeight, cropWidth,
                boolOr(root, "do_rescale", d.doRescale()),
                doubleOr(root, "rescale_factor", d.rescaleFactor()),
                boolOr(root, "do_normalize", d.doNormalize()),
                channels(root, "image_mean", d.imageMean()),
                channels(root, "image_std", d.imageStd()),
                boolOr(root, "do_convert_rgb", d.doConvertRgb()));
    }

    private static int[] pair(String key, JsonNode array) {
        if (array.size() != 2) {
            throw new IllegalArgumentException(key + " as a list must be [height, width], got " + array);
        }
        return new int[] {asInt(key + "[0]", array.get(0)), asInt(key + "[1]", array.get(1))};
    }

    private static List<Double> channels(JsonNode root, String key, List<Double> fallback) {
        JsonNode v = root.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (v.isNumber()) {
            return List.of(v.doubleValue(), v.doubleValue(), v.doubleValue());
        }
        if (!v.isArray()) {
            throw new IllegalArgumentException(key + " must be a list of numbers, got " + v);
        }
        List<Double> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isNumber()) {
                throw new IllegalArgumentException(key + " must be a list of numbers, got " + v);
            }
            out.add(e.doubleValue());
        }
        return out;
    }

    private static int asInt(String key, JsonNode v) {
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new IllegalArgumentException(key + " must be an integer, got " + v);
        }
        return v.intValue();
    }

    private static int intOr(JsonNode node, String key, int fallback) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? fallback : asInt(key, v);
    }

    private static double doubleOr(JsonNode node, String key, double fallback) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException(key + " must be a number, got " + v);
        }
        return v.doubleValue();
    }

    private static boolean boolOr(JsonNode node, String key, boolean fallback) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw new IllegalArgumentException(key + " must be true or false, got " + v);
        }
        return v.booleanValue();
    }
}

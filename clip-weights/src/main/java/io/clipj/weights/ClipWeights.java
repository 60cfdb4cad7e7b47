package io.clipj.weights;

import io.clipj.weights.config.ClipConfig;
import io.clipj.weights.config.ClipTextConfig;
import io.clipj.weights.config.ClipVisionConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The exact tensor list of a HuggingFace {@code CLIPModel} state dict as a function of its
 * {@link ClipConfig}, and a validator that checks a {@link Checkpoint} against it by key, shape and dtype,
 * reporting every missing, unexpected and mis-shaped tensor in one {@link CheckpointMismatchException}.
 *
 * <p>Keys mirror HF's module tree ({@code modeling_clip.py}): Linear weights are {@code [out, in]};
 * {@code patch_embedding} is a bias-free Conv2d {@code [W, C, P, P]}; the projections have no bias; the
 * vision tower's first LayerNorm is spelled {@code pre_layrnorm} in every checkpoint. Buffers that older
 * checkpoints carry ({@code *.position_ids}) are ignored.
 *
 * <p>Stateless and thread-safe.
 */
public final class ClipWeights {

    /** A tower of the model; validating one lets a model load towers lazily. */
    public enum Tower {
        /** {@code text_model.*} and {@code text_projection.weight}. */
        TEXT("text_model.", "text_projection."),
        /** {@code vision_model.*} and {@code visual_projection.weight}. */
        VISION("vision_model.", "visual_projection.");

        private final String model;
        private final String projection;

        Tower(String model, String projection) {
            this.model = model;
            this.projection = projection;
        }

        boolean owns(String key) {
            return key.startsWith(model) || key.startsWith(projection);
        }
    }

    private ClipWeights() {
    }

    /** Every tensor of the whole model, in module order: the text tower, the vision tower, projections, logit scale. */
    public static Map<String, long[]> expected(ClipConfig config) {
        return expected(config, EnumSet.allOf(Tower.class));
    }

    /**
     * The tensors of the given towers; {@code logit_scale} (a scalar shared by both) is included when both
     * towers are.
     */
    public static Map<String, long[]> expected(ClipConfig config, Set<Tower> towers) {
        Map<String, long[]> out = new LinkedHashMap<>();
        if (towers.contains(Tower.TEXT)) {
            text(config.text(), out);
        }
        if (towers.contains(Tower.VISION)) {
            vision(config.vision(), out);
        }
        if (towers.contains(Tower.VISION)) {
            out.put("visual_projection.weight", shape(config.projectionDim(), config.vision().hiddenSize()));
        }
        if (towers.contains(Tower.TEXT)) {
            out.put("text_projection.weight", shape(config.projectionDim(), config.text().hiddenSize()));
        }
        if (towers.containsAll(EnumSet.allOf(Tower.class))) {
            out.put("logit_scale", shape());
        }
        return Collections.unmodifiableMap(out);
    }

    /** Number of parameters (elements) the whole model has: 151,277,313 for ViT-B/32. */
    public static long parameterCount(ClipConfig config) {
        long n = 0;
        for (long[] s : expected(config).values()) {
            n += Arrays.stream(s).reduce(1, Math::multiplyExact);
        }
        return n;
    }

    /** Checks the whole model's tensors. */
    public static void validate(Checkpoint checkpoint, ClipConfig config) throws CheckpointMismatchException {
        validate(checkpoint, config, EnumSet.allOf(Tower.class));
    }

    /**
     * Checks the tensors of the given towers: each must be present, floating point and exactly the expected
     * shape; tensors under those towers' prefixes that the config does not explain are unexpected (other
     * towers' tensors are not looked at).
     *
     * @throws CheckpointMismatchException listing every problem at once, naming the checkpoint
     */
    public static void validate(Checkpoint checkpoint, ClipConfig config, Set<Tower> towers)
            throws CheckpointMismatchException {
        Map<String, long[]> expected = expected(config, towers);
        Map<String, TensorInfo> actual = checkpoint.tensors();
        List<String> missing = new ArrayList<>();
        List<String> misshaped = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        boolean all = towers.containsAll(EnumSet.allOf(Tower.class));
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            TensorInfo info = actual.get(e.getKey());
            if (info == null) {
                missing.add(e.getKey());
            } else if (!Arrays.equals(info.shape(), e.getValue()) || !info.dtype().isFloatingPoint()) {
                misshaped.add(e.getKey() + ": " + info.dtype() + Arrays.toString(info.shape()) + ", expected "
                        + "float" + Arrays.toString(e.getValue()));
            }
        }
        for (String key : actual.keySet()) {
            boolean inScope = all || towers.stream().anyMatch(t -> t.owns(key));
            if (inScope && !expected.containsKey(key) && !isKnownBuffer(key)) {
                unexpected.add(key);
            }
        }
        if (!missing.isEmpty() || !unexpected.isEmpty() || !misshaped.isEmpty()) {
            throw new CheckpointMismatchException(checkpoint.source(), missing, unexpected, misshaped);
        }
    }

    /** Non-parameter buffers some checkpoints carry and the model recomputes. */
    static boolean isKnownBuffer(String key) {
        return key.endsWith(".position_ids");
    }

    private static void text(ClipTextConfig t, Map<String, long[]> out) {
        int w = t.hiddenSize();
        out.put("text_model.embeddings.token_embedding.weight", shape(t.vocabSize(), w));
        out.put("text_model.embeddings.position_embedding.weight", shape(t.maxPositionEmbeddings(), w));
        encoder("text_model.encoder", t.numHiddenLayers(), w, t.intermediateSize(), out);
        layerNorm("text_model.final_layer_norm", w, out);
    }

    private static void vision(ClipVisionConfig v, Map<String, long[]> out) {
        int w = v.hiddenSize();
        out.put("vision_model.embeddings.class_embedding", shape(w));
        out.put("vision_model.embeddings.patch_embedding.weight", shape(w, v.numChannels(), v.patchSize(), v.patchSize()));
        out.put("vision_model.embeddings.position_embedding.weight", shape(v.numPositions(), w));
        layerNorm("vision_model.pre_layrnorm", w, out); // sic: HF's attribute name is misspelled
        encoder("vision_model.encoder", v.numHiddenLayers(), w, v.intermediateSize(), out);
        layerNorm("vision_model.post_layernorm", w, out);
    }

    private static void encoder(String prefix, int layers, int w, int inner, Map<String, long[]> out) {
        for (int i = 0; i < layers; i++) {
            String l = prefix + ".layers." + i;
            for (String proj : List.of("k_proj", "v_proj", "q_proj", "out_proj")) {
                linear(l + ".self_attn." + proj, w, w, out);
            }
            layerNorm(l + ".layer_norm1", w, out);
            linear(l + ".mlp.fc1", w, inner, out);
            linear(l + ".mlp.fc2", inner, w, out);
            layerNorm(l + ".layer_norm2", w, out);
        }
    }

    /** HF Linear: weight [out, in], bias [out]. */
    private static void linear(String prefix, int in, int outFeatures, Map<String, long[]> out) {
        out.put(prefix + ".weight", shape(outFeatures, in));
        out.put(prefix + ".bias", shape(outFeatures));
    }

    private static void layerNorm(String prefix, int w, Map<String, long[]> out) {
        out.put(prefix + ".weight", shape(w));
        out.put(prefix + ".bias", shape(w));
    }

    private static long[] shape(long... dims) {
        return dims;
    }
}

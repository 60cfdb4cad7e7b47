package io.clipj.weights.random;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipj.weights.AtomicFiles;
import io.clipj.weights.ClipWeights;
import io.clipj.weights.DType;
import io.clipj.weights.TensorInfo;
import io.clipj.weights.TensorToWrite;
import io.clipj.weights.config.ClipConfig;
import io.clipj.weights.config.ClipTextConfig;
import io.clipj.weights.config.ClipVisionConfig;
import io.clipj.weights.internal.safetensors.SafetensorsWriter;
import io.clipj.weights.internal.torch.TorchZipWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a complete HuggingFace-layout CLIP model directory with seeded random weights for any
 * {@link ClipConfig}: {@code config.json}, {@code preprocessor_config.json}, the tokenizer files copied from
 * a directory that has them, and the weights as {@code model.safetensors} (F32, F16 or BF16) or
 * {@code pytorch_model.bin}. Used for tests and benchmarks at full size without downloading weights.
 *
 * <p>Values: LayerNorm weights {@code 1 + 0.02·N(0,1)}, biases {@code 0.01·N(0,1)}, {@code logit_scale} the
 * config's initial value, everything else {@code 0.02·N(0,1)} (HF's initializer range). Each tensor has its
 * own generator seeded from {@code seed} and the key, so a tensor's values do not depend on the format or on
 * which other tensors exist.
 *
 * <pre>{@code
 * RandomCheckpoint.write(dir, ClipConfigs.vitB32(), 42, RandomCheckpoint.Format.SAFETENSORS,
 *         Path.of("shared/models/clip-vit-base-patch32"));
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class RandomCheckpoint {

    /** The weight file to write. */
    public enum Format {
        /** {@code model.safetensors}, float32. */
        SAFETENSORS("model.safetensors", DType.F32),
        /** {@code model.safetensors}, float16. */
        SAFETENSORS_F16("model.safetensors", DType.F16),
        /** {@code model.safetensors}, bfloat16. */
        SAFETENSORS_BF16("model.safetensors", DType.BF16),
        /** {@code pytorch_model.bin} (torch zip), float32. */
        BIN("pytorch_model.bin", DType.F32);

        private final String fileName;
        private final DType dtype;

        Format(String fileName, DType dtype) {
            this.fileName = fileName;
            this.dtype = dtype;
        }

        /** The weight file's name in the model directory. */
        public String fileName() {
            return fileName;
        }
    }

    /** Tokenizer files copied when present in the source directory. */
    public static final List<String> TOKENIZER_FILES = List.of(
            "vocab.json", "merges.txt", "tokenizer_config.json", "special_tokens_map.json", "tokenizer.json");

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RandomCheckpoint() {
    }

    /**
     * Writes the model directory {@code dir} (created if needed).
     *
     * @param tokenizerDir where to copy tokenizer files from, or {@code null} to write weights and configs only
     * @return the weight file written
     */
    public static Path write(Path dir, ClipConfig config, long seed, Format format, Path tokenizerDir) throws IOException {
        Files.createDirectories(dir);
        writeJson(dir.resolve("config.json"), configJson(config));
        writeJson(dir.resolve("preprocessor_config.json"), preprocessorJson(config.vision().imageSize()));
        if (tokenizerDir != null) {
            int copied = 0;
            for (String name : TOKENIZER_FILES) {
                Path src = tokenizerDir.resolve(name);
                if (Files.isRegularFile(src)) {
                    byte[] bytes = Files.readAllBytes(src);
                    AtomicFiles.write(dir.resolve(name), ch -> ch.write(ByteBuffer.wrap(bytes)));
                    copied++;
                }
            }
            if (copied == 0) {
                throw new IOException(tokenizerDir + ": no tokenizer files to copy (looked for " + TOKENIZER_FILES + ")");
            }
        }
        Path weights = dir.resolve(format.fileName);
        List<TensorToWrite> tensors = tensors(config, seed, format.dtype);
        if (format == Format.BIN) {
            TorchZipWriter.write(weights, tensors);
        } else {
            SafetensorsWriter.write(weights, tensors);
        }
        return weights;
    }

    /** Every tensor of the model ({@link ClipWeights#expected}) with lazily generated random values. */
    public static List<TensorToWrite> tensors(ClipConfig config, long seed, DType dtype) {
        List<TensorToWrite> out = new ArrayList<>();
        for (Map.Entry<String, long[]> e : ClipWeights.expected(config).entrySet()) {
            String key = e.getKey();
            out.add(new TensorToWrite(new TensorInfo(key, dtype, e.getValue()), values(key, seed, config)));
        }
        return out;
    }

    private static TensorToWrite.Values values(String key, long seed, ClipConfig config) {
        if (key.equals("logit_scale")) {
            float v = (float) config.logitScaleInitValue();
            return (chunk, count) -> java.util.Arrays.fill(chunk, 0, count, v);
        }
        boolean layerNorm = key.contains("layer_norm") || key.contains("layrnorm") || key.contains("layernorm");
        double mean = layerNorm && key.endsWith(".weight") ? 1.0 : 0.0;
        double std = key.endsWith(".bias") ? 0.01 : 0.02;
        long keySeed = seed * 0x9E3779B97F4A7C15L + key.hashCode();
        return new TensorToWrite.Values() {
            private SplittableRandom random = new SplittableRandom(keySeed);

            @Override
            public void reset() {
                random = new SplittableRandom(keySeed);
            }

            @Override
            public void next(float[] chunk, int count) {
                for (int i = 0; i < count; i++) {
                    chunk[i] = (float) (mean + std * random.nextGaussian());
                }
            }
        };
    }

    /** A {@code config.json} in HF's layout for {@code config}. */
    public static ObjectNode configJson(ClipConfig config) {
        ObjectNode root = MAPPER.createObjectNode();
        root.putArray("architectures").add("CLIPModel");
        root.put("model_type", "clip");
        root.put("initializer_factor", 1.0);
        root.put("logit_scale_init_value", config.logitScaleInitValue());
        root.put("projection_dim", config.projectionDim());
        root.put("torch_dtype", "float32");
        ClipTextConfig t = config.text();
        ObjectNode text = root.putObject("text_config");
        text.put("model_type", "clip_text_model");
        text.put("vocab_size", t.vocabSize());
        text.put("hidden_size", t.hiddenSize());
        text.put("intermediate_size", t.intermediateSize());
        text.put("num_hidden_layers", t.numHiddenLayers());
        text.put("num_attention_heads", t.numAttentionHeads());
        text.put("max_position_embeddings", t.maxPositionEmbeddings());
        text.put("hidden_act", t.hiddenAct());
        text.put("layer_norm_eps", t.layerNormEps());
        text.put("projection_dim", t.projectionDim());
        text.put("bos_token_id", t.bosTokenId());
        text.put("eos_token_id", t.eosTokenId());
        text.put("pad_token_id", t.padTokenId());
        ClipVisionConfig v = config.vision();
        ObjectNode vision = root.putObject("vision_config");
        vision.put("model_type", "clip_vision_model");
        vision.put("hidden_size", v.hiddenSize());
        vision.put("intermediate_size", v.intermediateSize());
        vision.put("num_hidden_layers", v.numHiddenLayers());
        vision.put("num_attention_heads", v.numAttentionHeads());
        vision.put("num_channels", v.numChannels());
        vision.put("image_size", v.imageSize());
        vision.put("patch_size", v.patchSize());
        vision.put("hidden_act", v.hiddenAct());
        vision.put("layer_norm_eps", v.layerNormEps());
        vision.put("projection_dim", v.projectionDim());
        return root;
    }

    /** HF's {@code preprocessor_config.json} for OpenAI CLIP at the given image size. */
    public static ObjectNode preprocessorJson(int imageSize) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("crop_size", imageSize);
        root.put("do_center_crop", true);
        root.put("do_normalize", true);
        root.put("do_resize", true);
        root.put("feature_extractor_type", "CLIPFeatureExtractor");
        root.putArray("image_mean").add(0.48145466).add(0.4578275).add(0.40821073);
        root.putArray("image_std").add(0.26862954).add(0.26130258).add(0.27577711);
        root.put("resample", 3);
        root.put("size", imageSize);
        return root;
    }

    private static void writeJson(Path file, ObjectNode json) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(json);
        AtomicFiles.write(file, ch -> ch.write(ByteBuffer.wrap(bytes)));
    }
}

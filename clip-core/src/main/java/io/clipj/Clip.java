package io.clipj;

import io.clipj.image.ClipImageProcessor;
import io.clipj.tokenizer.ClipTokenizer;
import io.clipj.weights.Checkpoint;
import io.clipj.weights.Checkpoints;
import io.clipj.weights.config.ClipConfig;
import io.clipj.weights.hub.ModelLocator;
import io.clipj.zeroshot.ZeroShotWeights;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A CLIP model loaded from a HuggingFace-layout directory ({@code config.json}, weights in
 * {@code model.safetensors} or {@code pytorch_model.bin}, tokenizer and preprocessor files): image and text
 * embeddings, image-text similarity and zero-shot classification.
 *
 * <pre>{@code
 * try (Clip clip = Clip.builder(Path.of("clip-vit-base-patch32")).batchSize(32).build()) {
 *     SimilarityResult r = clip.similarity(List.of(Path.of("cat.png")), List.of("a cat", "a dog"));
 *     float pCat = r.probabilities()[0][0];
 *     List<Prediction> top = clip.classify(Path.of("cat.png"), List.of("cat", "dog"), "a photo of a {c}.");
 * }
 * }</pre>
 *
 * <p>Embeddings are projected and not normalised, like HF's {@code get_image_features} and
 * {@code get_text_features}; {@link Embeddings#normalize(float[][])} normalises them. Each tower is built
 * on first use (reading its weights), so text-only use never reads the vision weights; that is why the
 * embedding methods may throw {@link IOException}.
 *
 * <p>Thread-safe: one instance may be shared by any number of threads (tested with 8). Parts are built
 * once under a lock; running a tower only reads its immutable graph. {@link #close()} must not race with
 * other calls.
 */
public final class Clip implements AutoCloseable {

    private final ClipConfig config;
    private final ClipOptions options;
    private final LazyParts parts;
    private final float logitScale;

    private Clip(Path modelDir, ClipConfig config, ClipOptions options, Checkpoint checkpoint) throws IOException {
        this.config = config;
        this.options = options;
        float[] scale = checkpoint.readFloats("logit_scale");
        if (scale.length != 1) {
            throw new IOException(modelDir + ": logit_scale has " + scale.length + " values, expected 1");
        }
        this.logitScale = (float) Math.exp(scale[0]);
        this.parts = new LazyParts(modelDir, config, checkpoint, options.executor() == ClipOptions.Executor.COMPILED);
    }

    /** Loads the model in {@code modelDir} with default options. */
    public static Clip load(Path modelDir) throws IOException {
        return load(modelDir, ClipOptions.defaults());
    }

    /**
     * Loads a local model directory or a Hub id ({@code openai/clip-vit-base-patch32}) resolved like
     * {@code from_pretrained}: HF cache, {@code HF_ENDPOINT}, {@code HF_HUB_OFFLINE}, {@code HF_TOKEN}.
     */
    public static Clip load(String model) throws IOException {
        return load(ModelLocator.resolve(Objects.requireNonNull(model, "model")));
    }

    /**
     * Loads the model in {@code modelDir}: reads its config, the checkpoint's index and {@code logit_scale};
     * the towers' weights are read on first use.
     *
     * @throws IOException naming the file, if the directory, its config or its checkpoint cannot be read
     */
    public static Clip load(Path modelDir, ClipOptions options) throws IOException {
        Objects.requireNonNull(modelDir, "modelDir");
        Objects.requireNonNull(options, "options");
        if (!Files.isDirectory(modelDir)) {
            throw new NoSuchFileException(modelDir.toString(), null, "model directory not found");
        }
        return load(modelDir, Checkpoints.open(modelDir), options);
    }

    /**
     * Loads the model in {@code modelDir} with weights from an already open checkpoint, e.g. one chosen
     * file ({@code Checkpoints.openFile(dir.resolve("model.fp16.safetensors"))}). The instance takes
     * ownership of the checkpoint and closes it, also when loading fails.
     */
    public static Clip load(Path modelDir, Checkpoint checkpoint, ClipOptions options) throws IOException {
        Objects.requireNonNull(checkpoint, "checkpoint");
        try {
            return new Clip(modelDir, ClipConfig.load(modelDir), Objects.requireNonNull(options, "options"), checkpoint);
        } catch (IOException | RuntimeException e) {
            checkpoint.close();
            throw e;
        }
    }

    /** A builder for {@link #load(Path, ClipOptions)}. */
    public static Builder builder(Path modelDir) {
        return new Builder(modelDir);
    }

    /** The model's configuration. */
    public ClipConfig config() {
        return config;
    }

    /** The options this instance runs with. */
    public ClipOptions options() {
        return options;
    }

    /** Width of the joint embedding space ({@code projection_dim}). */
    public int embeddingDim() {
        return config.projectionDim();
    }

    /** {@code exp(logit_scale)}: the factor from cosine similarity to logits (100 for OpenAI's models). */
    public float logitScale() {
        return logitScale;
    }

    /**
     * Image embeddings from preprocessed pixels.
     *
     * @param pixelValues one channels-first {@code [C, S, S]} float array per image, normalised as by
     *                    {@code CLIPImageProcessor}
     * @return one {@code projection_dim} vector per image
     */
    public float[][] embedPixels(float[][] pixelValues) throws IOException {
        float[][] out = new float[pixelValues.length][];
        for (int start = 0; start < pixelValues.length; start += options.batchSize()) {
            int end = Math.min(pixelValues.length, start + options.batchSize());
            float[][] embeds = parts.imageTower().embed(Arrays.copyOfRange(pixelValues, start, end));
            System.arraycopy(embeds, 0, out, start, embeds.length);
        }
        return out;
    }

    /**
     * Image embeddings of image files (PNG, JPEG, WebP, BMP, ...), decoded and preprocessed as HF's
     * {@code CLIPImageProcessor} does with the model's {@code preprocessor_config.json}.
     *
     * @throws IOException naming the file, if one cannot be read or decoded
     */
    public float[][] embedImageFiles(List<Path> files) throws IOException {
        ClipImageProcessor processor = parts.imageProcessor();
        float[][] out = new float[files.size()][];
        for (int start = 0; start < files.size(); start += options.batchSize()) {
            int end = Math.min(files.size(), start + options.batchSize());
            float[][] pixels = new float[end - start][];
            for (int i = start; i < end; i++) {
                pixels[i - start] = processor.preprocess(files.get(i));
            }
            System.arraycopy(parts.imageTower().embed(pixels), 0, out, start, pixels.length);
        }
        return out;
    }

    /** Image embeddings of in-memory images (converted to RGB as PIL would: alpha dropped). */
    public float[][] embedImages(List<BufferedImage> images) throws IOException {
        ClipImageProcessor processor = parts.imageProcessor();
        float[][] out = new float[images.size()][];
        for (int start = 0; start < images.size(); start += options.batchSize()) {
            int end = Math.min(images.size(), start + options.batchSize());
            float[][] pixels = new float[end - start][];
            for (int i = start; i < end; i++) {
                pixels[i - start] = processor.preprocess(Objects.requireNonNull(images.get(i), "image " + i));
            }
            System.arraycopy(parts.imageTower().embed(pixels), 0, out, start, pixels.length);
        }
        return out;
    }

    /**
     * Text embeddings, tokenised as OpenAI's and HF's CLIP tokenizers do (texts longer than the context are
     * truncated, keeping the end token).
     */
    public float[][] embedTexts(List<String> texts) throws IOException {
        ClipTokenizer tokenizer = parts.tokenizer();
        List<int[]> ids = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            ids.add(tokenizer.encode(Objects.requireNonNull(texts.get(i), "text " + i)));
        }
        return embedTokenIds(ids);
    }

    /**
     * Text embeddings from token ids (start and end tokens included, no padding needed).
     *
     * <p>Sequences are batched by length, so each batch runs only as far as its longest sequence's end
     * token; results come back in input order.
     */
    public float[][] embedTokenIds(List<int[]> inputIds) throws IOException {
        Integer[] order = new Integer[inputIds.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> inputIds.get(i).length));
        float[][] out = new float[order.length][];
        for (int start = 0; start < order.length; start += options.batchSize()) {
            int end = Math.min(order.length, start + options.batchSize());
            int[][] batch = new int[end - start][];
            for (int i = start; i < end; i++) {
                batch[i - start] = inputIds.get(order[i]);
            }
            float[][] embeds = parts.textTower().embed(batch);
            for (int i = start; i < end; i++) {
                out[order[i]] = embeds[i - start];
            }
        }
        return out;
    }

    /** Similarity of already computed image and text embeddings, with this model's logit scale. */
    public SimilarityResult similarity(float[][] imageEmbeds, float[][] textEmbeds) {
        return SimilarityResult.of(imageEmbeds, textEmbeds, logitScale);
    }

    /** Image files against texts: cosine similarities, logits both ways and per-image probabilities. */
    public SimilarityResult similarity(List<Path> imageFiles, List<String> texts) throws IOException {
        return similarity(embedImageFiles(imageFiles), embedTexts(texts));
    }

    /**
     * A zero-shot classifier over {@code labels}, each label's text embedding averaged over the prompt
     * {@code templates} (with {@code {c}} or {@code {}} standing for the label) the CLIP_benchmark way.
     */
    public ZeroShotClassifier zeroShotClassifier(List<String> labels, List<String> templates) throws IOException {
        if (labels.isEmpty() || templates.isEmpty()) {
            throw new IllegalArgumentException("zero-shot classification needs at least one label and one template"
                    + " (got " + labels.size() + " labels, " + templates.size() + " templates)");
        }
        try {
            // one implementation of CLIP_benchmark's math: io.clipj.zeroshot builds, this class presents
            return new ZeroShotClassifier(labels, ZeroShotWeights.build(ZeroShotEncoders.text(this),
                    labels, ZeroShotClassifier.withClassPlaceholder(templates), 1000), logitScale);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Scores every label for one image file with one prompt template, most probable first. */
    public List<Prediction> classify(Path imageFile, List<String> labels, String template) throws IOException {
        return classify(imageFile, labels, List.of(template));
    }

    /** Scores every label for one image file with an ensemble of prompt templates, most probable first. */
    public List<Prediction> classify(Path imageFile, List<String> labels, List<String> templates) throws IOException {
        ZeroShotClassifier classifier = zeroShotClassifier(labels, templates);
        return classifier.classify(embedImageFiles(List.of(imageFile))[0]);
    }

    /** Releases the graphs and the checkpoint. Later calls fail with {@link IllegalStateException}. */
    @Override
    public void close() throws IOException {
        parts.close();
    }

    /** The text tower, built if needed (for tests that run it at a chosen length). */
    io.clipj.internal.model.TextTower textTower() throws IOException {
        return parts.textTower();
    }

    /** Whether the image tower has been built (for tests of lazy loading). */
    boolean imageTowerLoaded() {
        return parts.imageTowerLoaded();
    }

    /** Whether the text tower has been built. */
    boolean textTowerLoaded() {
        return parts.textTowerLoaded();
    }

    /**
     * Options for {@link Clip#load(Path, ClipOptions)}, set fluently.
     *
     * <p>Not thread-safe; build on one thread.
     */
    public static final class Builder {
        private final Path modelDir;
        private ClipOptions options = ClipOptions.defaults();

        private Builder(Path modelDir) {
            this.modelDir = Objects.requireNonNull(modelDir, "modelDir");
        }

        /** Images or texts per graph call; see {@link ClipOptions#batchSize()}. */
        public Builder batchSize(int batchSize) {
            options = options.withBatchSize(batchSize);
            return this;
        }

        /** How the towers' graphs run; default {@link ClipOptions.Executor#defaultForBackend()}. */
        public Builder executor(ClipOptions.Executor executor) {
            options = options.withExecutor(executor);
            return this;
        }

        /** Loads the model. */
        public Clip build() throws IOException {
            return Clip.load(modelDir, options);
        }
    }
}

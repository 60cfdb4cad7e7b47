package io.clipj;

import io.clipj.weights.Checkpoint;
import io.clipj.weights.Checkpoints;
import io.clipj.weights.config.ClipConfig;
import io.clipj.weights.hub.HubOptions;
import io.clipj.weights.hub.ModelLocator;
import io.clipj.internal.QuietStart;
import io.clipj.zeroshot.ZeroShotWeights;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

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
 * {@code get_text_features}, unless {@link ClipBuilder#normalize(boolean)} asks for unit vectors. Each tower is
 * built on first use (reading its weights), so text-only use never reads the vision weights. Failures are
 * unchecked {@link ClipException}s: {@link ModelLoadException} for the model's files, {@link InputException}
 * naming the offending image or text (its index in batch calls).
 *
 * <p>Thread-safe: one instance may be shared by any number of threads (tested with 32). The single-item calls
 * ({@link #embedImage(Path)}, {@link #embedText(String)} and their async forms) from concurrent threads are
 * coalesced into batched tower calls: a batch waits at most {@link ClipBuilder#maxBatchWait} for more items
 * and holds at most {@link ClipOptions#batchSize()}; each result is that item's row of its batch. Images are
 * decoded on the calling thread. {@link #close()} fails the calls still waiting and must not race with others.
 */
public final class Clip implements AutoCloseable {

    static {
        QuietStart.apply();
    }

    private final ClipConfig config;
    private final ClipOptions options;
    private final LazyParts parts;
    private final float logitScale;
    private final BatchCalls batches;
    private final SingleItemCalls singleItems;

    private Clip(Path modelDir, ClipConfig config, ClipOptions options, Checkpoint checkpoint) throws IOException {
        this.config = config;
        this.options = options;
        float[] scale = checkpoint.readFloats("logit_scale");
        if (scale.length != 1) {
            throw new IOException(modelDir + ": logit_scale has " + scale.length + " values, expected 1");
        }
        this.logitScale = (float) Math.exp(scale[0]);
        this.parts = new LazyParts(modelDir, config, checkpoint, options.executor() == ClipOptions.Executor.COMPILED,
                options.towerThreads());
        this.batches = new BatchCalls(parts, options);
        this.singleItems = new SingleItemCalls(parts, batches, options);
    }

    /** Loads the model in {@code modelDir} with default options. */
    public static Clip load(Path modelDir) {
        return load(modelDir, ClipOptions.defaults());
    }

    /**
     * Loads a local model directory or a Hub id ({@code openai/clip-vit-base-patch32}) resolved like
     * {@code from_pretrained}: HF cache, {@code HF_ENDPOINT}, {@code HF_HUB_OFFLINE}, {@code HF_TOKEN}.
     */
    public static Clip load(String model) {
        try {
            return load(ModelLocator.resolve(Objects.requireNonNull(model, "model")));
        } catch (IOException e) {
            throw new ModelLoadException(model + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads the model in {@code modelDir}: reads its config, the checkpoint's index and {@code logit_scale};
     * the towers' weights are read on first use.
     *
     * @throws ModelLoadException naming the file, if the directory, its config or its checkpoint cannot be read
     */
    public static Clip load(Path modelDir, ClipOptions options) {
        Objects.requireNonNull(modelDir, "modelDir");
        Objects.requireNonNull(options, "options");
        if (!Files.isDirectory(modelDir)) {
            throw new ModelLoadException(modelDir + ": model directory not found", null);
        }
        try {
            return load(modelDir, Checkpoints.open(modelDir), options);
        } catch (IOException e) {
            throw new ModelLoadException(e.getMessage(), e);
        }
    }

    /**
     * Loads the model in {@code modelDir} with weights from an already open checkpoint, e.g. one chosen
     * file ({@code Checkpoints.openFile(dir.resolve("model.fp16.safetensors"))}). The instance takes
     * ownership of the checkpoint and closes it, also when loading fails.
     */
    public static Clip load(Path modelDir, Checkpoint checkpoint, ClipOptions options) {
        Objects.requireNonNull(checkpoint, "checkpoint");
        try {
            return new Clip(modelDir, ClipConfig.load(modelDir), Objects.requireNonNull(options, "options"), checkpoint);
        } catch (IOException | RuntimeException e) {
            try {
                checkpoint.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e instanceof IOException io ? new ModelLoadException(io.getMessage(), io) : (RuntimeException) e;
        }
    }

    /** A builder for {@link #load(Path, ClipOptions)}. */
    public static ClipBuilder builder(Path modelDir) {
        return new ClipBuilder(Objects.requireNonNull(modelDir, "modelDir"), null);
    }

    /**
     * A builder for a local model directory or a Hub id ({@code openai/clip-vit-base-patch32}), resolved through
     * the HF cache with the builder's Hub settings ({@link ClipBuilder#revision}, {@link ClipBuilder#offline},
     * {@link ClipBuilder#hubCacheDir}, {@link ClipBuilder#hubToken}, or a whole {@link ClipBuilder#hub(HubOptions)}).
     */
    public static ClipBuilder builder(String model) {
        return new ClipBuilder(null, Objects.requireNonNull(model, "model"));
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
     * The embedding of one image file (PNG, JPEG, WebP, BMP, ...), decoded and preprocessed as HF's
     * {@code CLIPImageProcessor} does with the model's {@code preprocessor_config.json}; equal to its row of a
     * batch call up to float rounding (see {@link Clip}).
     *
     * @throws InputException naming the file, if it is null, missing, unreadable or not a decodable image
     */
    public float[] embedImage(Path file) {
        return SingleItemCalls.join(embedImageAsync(file));
    }

    /** The embedding of one encoded image (PNG, JPEG, WebP, BMP bytes), decoded by the same decoder as files. */
    public float[] embedImage(byte[] encoded) {
        return SingleItemCalls.join(embedImageAsync(encoded));
    }

    /** The embedding of one encoded image read to its end from {@code in} (not closed here). */
    public float[] embedImage(InputStream in) {
        return SingleItemCalls.join(embedImageAsync(in));
    }

    /** The embedding of one in-memory image (converted to RGB as PIL would: alpha dropped). */
    public float[] embedImage(BufferedImage image) {
        return SingleItemCalls.join(embedImageAsync(image));
    }

    /**
     * {@link #embedImage(Path)} without waiting for the tower: the image is decoded on this thread (an unusable
     * input throws {@link InputException} right here), then queued for the next batch. Cancelling the future, or
     * {@link CompletableFuture#orTimeout} expiring, before its batch starts withdraws the image from the batch.
     *
     */
    public CompletableFuture<float[]> embedImageAsync(Path file) {
        return singleItems.image(file);
    }

    /** {@link #embedImage(byte[])} without waiting for the tower, as {@link #embedImageAsync(Path)}. */
    public CompletableFuture<float[]> embedImageAsync(byte[] encoded) {
        return singleItems.image(encoded);
    }

    /** {@link #embedImage(InputStream)} without waiting for the tower, as {@link #embedImageAsync(Path)}. */
    public CompletableFuture<float[]> embedImageAsync(InputStream in) {
        return singleItems.image(in);
    }

    /** {@link #embedImage(BufferedImage)} without waiting for the tower, as {@link #embedImageAsync(Path)}. */
    public CompletableFuture<float[]> embedImageAsync(BufferedImage image) {
        return singleItems.image(image);
    }

    /** The embedding of one text, tokenised as in {@link #embedTexts(List)}. */
    public float[] embedText(String text) {
        return SingleItemCalls.join(embedTextAsync(text));
    }

    /** {@link #embedText(String)} without waiting: tokenised on this thread, then queued for the next batch. */
    public CompletableFuture<float[]> embedTextAsync(String text) {
        return singleItems.text(text);
    }

    /**
     * Image embeddings from preprocessed pixels.
     *
     * @param pixelValues one channels-first {@code [C, S, S]} float array per image, normalised as by
     *                    {@code CLIPImageProcessor}
     * @return one {@code projection_dim} vector per image
     */
    public float[][] embedPixels(float[][] pixelValues) {
        return batches.pixels(pixelValues);
    }

    /**
     * Image embeddings of image files, in order; {@link #embedImage(Path)} for each.
     *
     * @throws InputException naming the first file that is null, missing, unreadable or undecodable, and its index
     */
    public float[][] embedImageFiles(List<Path> files) {
        return batches.images(files);
    }

    /** Image embeddings of encoded images (PNG, JPEG, WebP, BMP bytes), in order. */
    public float[][] embedImageBytes(List<byte[]> encoded) {
        return batches.images(encoded);
    }

    /** Image embeddings of in-memory images (converted to RGB as PIL would: alpha dropped), in order. */
    public float[][] embedImages(List<BufferedImage> images) {
        return batches.images(images);
    }

    /**
     * Text embeddings, tokenised as OpenAI's and HF's CLIP tokenizers do (texts longer than the context are
     * truncated, keeping the end token).
     *
     * @throws InputException naming the index of the first null text
     */
    public float[][] embedTexts(List<String> texts) {
        return batches.texts(texts);
    }

    /**
     * Text embeddings from token ids (start and end tokens included, no padding needed).
     *
     * <p>Sequences are batched by length, so each batch runs only as far as its longest sequence's end
     * token; results come back in input order.
     */
    public float[][] embedTokenIds(List<int[]> inputIds) {
        return batches.tokenIds(inputIds);
    }

    /** Similarity of already computed image and text embeddings, with this model's logit scale. */
    public SimilarityResult similarity(float[][] imageEmbeds, float[][] textEmbeds) {
        return SimilarityResult.of(imageEmbeds, textEmbeds, logitScale);
    }

    /** Image files against texts: cosine similarities, logits both ways and per-image probabilities. */
    public SimilarityResult similarity(List<Path> imageFiles, List<String> texts) {
        return similarity(embedImageFiles(imageFiles), embedTexts(texts));
    }

    /**
     * A zero-shot classifier over {@code labels}, each label's text embedding averaged over the prompt
     * {@code templates} (with {@code {c}} or {@code {}} standing for the label) the CLIP_benchmark way.
     * Build it once and reuse it: it holds the class embeddings, and classifying an embedding is cheap.
     */
    public ZeroShotClassifier zeroShotClassifier(List<String> labels, List<String> templates) {
        if (labels.isEmpty() || templates.isEmpty()) {
            throw new IllegalArgumentException("zero-shot classification needs at least one label and one template"
                    + " (got " + labels.size() + " labels, " + templates.size() + " templates)");
        }
        // one implementation of CLIP_benchmark's math: io.clipj.zeroshot builds, this class presents
        return new ZeroShotClassifier(labels, ZeroShotWeights.build(ZeroShotEncoders.text(this),
                labels, ZeroShotClassifier.withClassPlaceholder(templates), 1000), logitScale);
    }

    /**
     * Scores every label for one image file with one prompt template, most probable first. Builds a classifier
     * for this call only: for more than one image, build one with {@link #zeroShotClassifier} and reuse it.
     */
    public List<Prediction> classify(Path imageFile, List<String> labels, String template) {
        return classify(imageFile, labels, List.of(template));
    }

    /** Scores every label for one image file with an ensemble of prompt templates, most probable first. */
    public List<Prediction> classify(Path imageFile, List<String> labels, List<String> templates) {
        return zeroShotClassifier(labels, templates).classify(embedImage(imageFile));
    }

    /**
     * Fails the single-item calls still waiting for a batch, then releases the graphs and the checkpoint. Later
     * calls fail with {@link IllegalStateException}.
     */
    @Override
    public void close() {
        singleItems.close();
        try {
            parts.close();
        } catch (IOException e) {
            throw new ClipException("closing " + e.getMessage(), e);
        }
    }

    /** The text tower, built if needed (for tests that run it at a chosen length). */
    io.clipj.internal.model.TextTower textTower() {
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
}

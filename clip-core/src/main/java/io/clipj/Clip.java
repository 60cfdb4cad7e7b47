package io.clipj;

import io.clipj.image.ClipImageProcessor;
import io.clipj.model.ImageTower;
import io.clipj.model.TextTower;
import io.clipj.weights.Checkpoint;
import io.clipj.weights.Checkpoints;
import io.clipj.weights.config.ClipConfig;
import io.clipj.weights.hub.ModelLocator;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A CLIP model loaded from a HuggingFace-layout directory ({@code config.json}, weights in
 * {@code model.safetensors} or {@code pytorch_model.bin}, tokenizer and preprocessor files): image and text
 * embeddings, image-text similarity and zero-shot classification.
 *
 * <pre>{@code
 * try (Clip clip = Clip.builder(Path.of("clip-vit-base-patch32")).batchSize(32).build()) {
 *     SimilarityResult r = clip.similarity(List.of(Path.of("cat.png")), List.of("a cat", "a dog"));
 *     float pCat = r.probabilities()[0][0];
 *     float[][] textEmbeds = clip.embedTexts(List.of("a photo of a cat"));
 * }
 * }</pre>
 *
 * <p>Embeddings are projected and not normalised, like HF's {@code get_image_features} and
 * {@code get_text_features}; {@link Embeddings#normalize(float[][])} normalises them. Each tower is built
 * on first use, so text-only use never reads the vision weights.
 *
 * <p>Thread-safe: one instance may be shared by any number of threads. Towers are built once under a lock;
 * running them only reads the immutable graphs. {@link #close()} must not race with other calls.
 */
public final class Clip implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Clip.class);

    private final Path modelDir;
    private final ClipConfig config;
    private final ClipOptions options;
    private final Checkpoint checkpoint;
    private final float logitScale;
    private final Object lock = new Object();
    private volatile ImageTower imageTower;
    private volatile TextTower textTower;
    private volatile ClipImageProcessor imageProcessor;
    private volatile boolean closed;

    private Clip(Path modelDir, ClipConfig config, ClipOptions options, Checkpoint checkpoint) throws IOException {
        this.modelDir = modelDir;
        this.config = config;
        this.options = options;
        this.checkpoint = checkpoint;
        float[] scale = checkpoint.readFloats("logit_scale");
        if (scale.length != 1) {
            throw new IOException(modelDir + ": logit_scale has " + scale.length + " values, expected 1");
        }
        this.logitScale = (float) Math.exp(scale[0]);
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
     * Loads the model in {@code modelDir}: reads its config and the checkpoint's index (no weights yet).
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
            ClipConfig config = ClipConfig.load(modelDir);
            return new Clip(modelDir, config, options, checkpoint);
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
    public float[][] embedPixels(float[][] pixelValues) {
        ImageTower tower = imageTower();
        float[][] out = new float[pixelValues.length][];
        for (int start = 0; start < pixelValues.length; start += options.batchSize()) {
            int end = Math.min(pixelValues.length, start + options.batchSize());
            float[][] embeds = tower.embed(Arrays.copyOfRange(pixelValues, start, end));
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
        ClipImageProcessor processor = imageProcessor();
        float[][] out = new float[files.size()][];
        for (int start = 0; start < files.size(); start += options.batchSize()) {
            int end = Math.min(files.size(), start + options.batchSize());
            float[][] pixels = new float[end - start][];
            for (int i = start; i < end; i++) {
                pixels[i - start] = processor.preprocess(files.get(i));
            }
            System.arraycopy(imageTower().embed(pixels), 0, out, start, pixels.length);
        }
        return out;
    }

    /** Image embeddings of in-memory images (converted to RGB as PIL would: alpha dropped). */
    public float[][] embedImages(List<BufferedImage> images) throws IOException {
        ClipImageProcessor processor = imageProcessor();
        float[][] out = new float[images.size()][];
        for (int start = 0; start < images.size(); start += options.batchSize()) {
            int end = Math.min(images.size(), start + options.batchSize());
            float[][] pixels = new float[end - start][];
            for (int i = start; i < end; i++) {
                pixels[i - start] = processor.preprocess(Objects.requireNonNull(images.get(i), "image " + i));
            }
            System.arraycopy(imageTower().embed(pixels), 0, out, start, pixels.length);
        }
        return out;
    }

    /**
     * Text embeddings from token ids (start and end tokens included, no padding needed).
     *
     * <p>Sequences are batched by length, so each batch runs only as far as its longest sequence's end
     * token; results come back in input order.
     */
    public float[][] embedTokenIds(List<int[]> inputIds) {
        TextTower tower = textTower();
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
            float[][] embeds = tower.embed(batch);
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

    /** Cosine similarities, logits and probabilities of preprocessed images against token id sequences. */
    public SimilarityResult similarityOfPixels(float[][] pixelValues, List<int[]> inputIds) {
        return similarity(embedPixels(pixelValues), embedTokenIds(inputIds));
    }

    /** Releases the graphs and the checkpoint. Later calls fail with {@link IllegalStateException}. */
    @Override
    public void close() throws IOException {
        synchronized (lock) {
            closed = true;
            imageTower = null;
            textTower = null;
            checkpoint.close();
        }
    }

    ImageTower imageTower() {
        ImageTower tower = imageTower;
        if (tower == null) {
            synchronized (lock) {
                checkOpen();
                if (imageTower == null) {
                    LOG.info("loading the image tower of {}", modelDir);
                    imageTower = ImageTower.build(config, checkpoint);
                }
                tower = imageTower;
            }
        }
        return tower;
    }

    TextTower textTower() {
        TextTower tower = textTower;
        if (tower == null) {
            synchronized (lock) {
                checkOpen();
                if (textTower == null) {
                    LOG.info("loading the text tower of {}", modelDir);
                    textTower = TextTower.build(config, checkpoint);
                }
                tower = textTower;
            }
        }
        return tower;
    }

    /** The image preprocessor, read from {@code preprocessor_config.json} on first use. */
    ClipImageProcessor imageProcessor() throws IOException {
        ClipImageProcessor processor = imageProcessor;
        if (processor == null) {
            synchronized (lock) {
                checkOpen();
                if (imageProcessor == null) {
                    imageProcessor = ClipImageProcessor.load(modelDir);
                }
                processor = imageProcessor;
            }
        }
        return processor;
    }

    /** Whether the image tower has been built (for tests of lazy loading). */
    boolean imageTowerLoaded() {
        return imageTower != null;
    }

    /** Whether the text tower has been built. */
    boolean textTowerLoaded() {
        return textTower != null;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this Clip instance (" + modelDir + ") is closed");
        }
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

        /** Loads the model. */
        public Clip build() throws IOException {
            return Clip.load(modelDir, options);
        }
    }
}

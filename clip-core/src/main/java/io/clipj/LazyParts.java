package io.clipj;

import io.clipj.image.ClipImageProcessor;
import io.clipj.internal.model.ImageTower;
import io.clipj.internal.model.TextTower;
import io.clipj.internal.model.TowerThreads;
import io.clipj.tokenizer.ClipTokenizer;
import io.clipj.weights.Checkpoint;
import io.clipj.weights.config.ClipConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of a {@link Clip} that are built on first use: each tower (graph and weights), the image
 * preprocessor and the tokenizer. Text-only use therefore never reads the vision weights, and image-only
 * use never reads the vocabulary.
 *
 * <p>A part's files that cannot be read fail the call that needed it with a {@link ModelLoadException}.
 *
 * <p>Thread-safe: each part is built once under one lock and published through a volatile field.
 */
final class LazyParts implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LazyParts.class);

    private final Path modelDir;
    private final Checkpoint checkpoint;
    private final Object lock = new Object();
    private final Lazy<ImageTower> imageTower;
    private final Lazy<TextTower> textTower;
    private final Lazy<ClipImageProcessor> imageProcessor;
    private final Lazy<ClipTokenizer> tokenizer;
    private volatile boolean closed;

    LazyParts(Path modelDir, ClipConfig config, Checkpoint checkpoint, boolean compiled, TowerThreads threads) {
        this.modelDir = modelDir;
        this.checkpoint = checkpoint;
        this.imageTower = new Lazy<>("image tower", () -> ImageTower.build(config, checkpoint, compiled, threads));
        this.textTower = new Lazy<>("text tower", () -> TextTower.build(config, checkpoint, compiled, threads));
        this.imageProcessor = new Lazy<>("image preprocessor", () -> ClipImageProcessor.load(modelDir));
        this.tokenizer = new Lazy<>("tokenizer", () -> ClipTokenizer.fromModelDirectory(modelDir));
    }

    /** A part's constructor; may read files. */
    private interface Builder<T> {
        T build() throws IOException;
    }

    /** One part: built once, on first use, under the shared lock, and published through a volatile field. */
    private final class Lazy<T> {
        private final String what;
        private final Builder<T> builder;
        private volatile T value;

        Lazy(String what, Builder<T> builder) {
            this.what = what;
            this.builder = builder;
        }

        T get() throws IOException {
            T part = value;
            if (part == null) {
                synchronized (lock) {
                    if (value == null) {
                        value = load(what, builder);
                    }
                    part = value;
                }
            }
            return part;
        }

        boolean loaded() {
            return value != null;
        }

        void drop() {
            value = null;
        }
    }

    private <T> T load(String what, Builder<T> builder) throws IOException {
        if (closed) {
            throw new IllegalStateException("this Clip instance (" + modelDir + ") is closed");
        }
        LOG.info("loading the {} of {}", what, modelDir);
        try {
            return builder.build();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    ImageTower imageTower() {
        return get(imageTower);
    }

    TextTower textTower() {
        return get(textTower);
    }

    ClipImageProcessor imageProcessor() {
        return get(imageProcessor);
    }

    ClipTokenizer tokenizer() {
        return get(tokenizer);
    }

    /** A part, built if needed; reading its files is the model's problem, not the caller's. */
    private static <T> T get(Lazy<T> part) {
        try {
            return part.get();
        } catch (IOException e) {
            throw new ModelLoadException(e.getMessage(), e);
        }
    }

    boolean imageTowerLoaded() {
        return imageTower.loaded();
    }

    boolean textTowerLoaded() {
        return textTower.loaded();
    }

    @Override
    public void close() throws IOException {
        synchronized (lock) {
            closed = true;
            imageTower.drop();
            textTower.drop();
            checkpoint.close();
        }
    }
}

package io.clipj;

import io.clipj.image.ClipImageProcessor;
import io.clipj.internal.model.ImageTower;
import io.clipj.internal.model.TextTower;
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
 * <p>Thread-safe: each part is built once under one lock and published through a volatile field.
 */
final class LazyParts implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LazyParts.class);

    private final Path modelDir;
    private final ClipConfig config;
    private final Checkpoint checkpoint;
    private final boolean compiled;
    private final Object lock = new Object();
    private volatile ImageTower imageTower;
    private volatile TextTower textTower;
    private volatile ClipImageProcessor imageProcessor;
    private volatile ClipTokenizer tokenizer;
    private volatile boolean closed;

    LazyParts(Path modelDir, ClipConfig config, Checkpoint checkpoint, boolean compiled) {
        this.compiled = compiled;
        this.modelDir = modelDir;
        this.config = config;
        this.checkpoint = checkpoint;
    }

    /** One of the getters below, as a value. */
    interface Part<T> {
        T get() throws IOException;
    }

    /** A part's constructor; may read files. */
    private interface Builder<T> {
        T build() throws IOException;
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

    ImageTower imageTower() throws IOException {
        ImageTower part = imageTower;
        if (part == null) {
            synchronized (lock) {
                if (imageTower == null) {
                    imageTower = load("image tower", () -> ImageTower.build(config, checkpoint, compiled));
                }
                part = imageTower;
            }
        }
        return part;
    }

    TextTower textTower() throws IOException {
        TextTower part = textTower;
        if (part == null) {
            synchronized (lock) {
                if (textTower == null) {
                    textTower = load("text tower", () -> TextTower.build(config, checkpoint, compiled));
                }
                part = textTower;
            }
        }
        return part;
    }

    ClipImageProcessor imageProcessor() throws IOException {
        ClipImageProcessor part = imageProcessor;
        if (part == null) {
            synchronized (lock) {
                if (imageProcessor == null) {
                    imageProcessor = load("image preprocessor", () -> ClipImageProcessor.load(modelDir));
                }
                part = imageProcessor;
            }
        }
        return part;
    }

    ClipTokenizer tokenizer() throws IOException {
        ClipTokenizer part = tokenizer;
        if (part == null) {
            synchronized (lock) {
                if (tokenizer == null) {
                    tokenizer = load("tokenizer", () -> ClipTokenizer.fromModelDirectory(modelDir));
                }
                part = tokenizer;
            }
        }
        return part;
    }

    boolean imageTowerLoaded() {
        return imageTower != null;
    }

    boolean textTowerLoaded() {
        return textTower != null;
    }

    @Override
    public void close() throws IOException {
        synchronized (lock) {
            closed = true;
            imageTower = null;
            textTower = null;
            checkpoint.close();
        }
    }
}

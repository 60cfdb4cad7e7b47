package io.clipj.zeroshot;

import io.clipj.weights.AtomicFiles;
import io.clipj.weights.npy.Npy;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Zero-shot classifiers cached on disk as {@code .npy} files ({@code [D, C]} float32, CLIP_benchmark's
 * layout), named by the SHA-256 of the model identity, the class names and the templates. Building the
 * ImageNet classifier embeds 80 000 prompts; the cache makes it a one-time cost per model.
 *
 * <p>Files are written to a temporary file in the cache directory and moved into place atomically, so a
 * reader never sees half a file. A file that cannot be read, has the wrong shape (including an embedding
 * width other than the model's), non-finite values or columns that are not unit vectors is logged as a warning
 * and rebuilt.
 *
 * <pre>{@code
 * ClassifierCache cache = ClassifierCache.atDefaultLocation();
 * ZeroShotWeights clf = cache.getOrBuild(modelId, classNames, templates,
 *         () -> ZeroShotWeights.build(encoder, classNames, templates, 1024));
 * }</pre>
 *
 * <p>Thread-safe, and safe across processes sharing the directory (the last complete write wins; every
 * candidate file is complete and equivalent).
 */
public final class ClassifierCache {

    private static final Logger LOG = LoggerFactory.getLogger(ClassifierCache.class);
    /** Bumped when the file content or the key recipe changes, so old files are never misread. */
    private static final String FORMAT = "clipj-zeroshot-classifier-v1";
    private static final double UNIT_TOLERANCE = 1e-3;

    private final Path dir;

    /** A cache in {@code dir} (created when first written). */
    public ClassifierCache(Path dir) {
        this.dir = dir;
    }

    /** {@code $XDG_CACHE_HOME/clipj/zeroshot}, or {@code ~/.cache/clipj/zeroshot}. */
    public static ClassifierCache atDefaultLocation() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return new ClassifierCache(base.resolve("clipj").resolve("zeroshot"));
    }

    /** The cache directory. */
    public Path directory() {
        return dir;
    }

    /**
     * The cached classifier for this model, class names and templates, or the one {@code builder} makes
     * (then stored). {@code modelId} must change whenever the weights do (e.g. checkpoint name + its hash).
     */
    public ZeroShotWeights getOrBuild(String modelId, List<String> classNames, List<String> templates,
            Supplier<ZeroShotWeights> builder) {
        return getOrBuild(modelId, classNames, templates, -1, builder);
    }

    /**
     * As {@link #getOrBuild(String, List, List, Supplier)}, also rebuilding a cached file whose embedding width is
     * not {@code dim} (the model's {@code projection_dim}; -1 accepts any), which the image embeddings could never
     * be multiplied with.
     */
    public ZeroShotWeights getOrBuild(String modelId, List<String> classNames, List<String> templates, int dim,
            Supplier<ZeroShotWeights> builder) {
        Path file = fileFor(modelId, classNames, templates);
        ZeroShotWeights cached = load(file, dim, classNames.size());
        if (cached != null) {
            LOG.info("zero-shot classifier loaded from cache {}", file);
            return cached;
        }
        ZeroShotWeights built = builder.get();
        if (built.numClasses() != classNames.size() || dim > 0 && built.dim() != dim) {
            throw new IllegalStateException("builder made a [" + built.dim() + ", " + built.numClasses()
                    + "] classifier for " + classNames.size() + " class names and width " + dim);
        }
        store(file, built);
        return built;
    }

    /** The cache file for this key. */
    public Path fileFor(String modelId, List<String> classNames, List<String> templates) {
        return dir.resolve(key(modelId, classNames, templates) + ".npy");
    }

    /** SHA-256 (hex) over the format tag, model id, class names and templates, each length-prefixed. */
    static String key(String modelId, List<String> classNames, List<String> templates) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writeString(out, FORMAT);
            writeString(out, modelId);
            out.writeInt(classNames.size());
            for (String name : classNames) {
                writeString(out, name);
            }
            out.writeInt(templates.size());
            for (String template : templates) {
                writeString(out, template);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    /** The classifier in {@code file}, or null when absent or unusable (logged). */
    private static ZeroShotWeights load(Path file, int dim, int numClasses) {
        Npy.Array array;
        try {
            array = Npy.read(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            LOG.warn("ignoring unreadable zero-shot classifier cache file {} ({}); rebuilding it", file, e.getMessage());
            return null;
        }
        String problem = check(array, dim, numClasses);
        if (problem != null) {
            LOG.warn("ignoring corrupt zero-shot classifier cache file {} ({}); rebuilding it", file, problem);
            return null;
        }
        return ZeroShotWeights.of(array.data(), array.shape()[0], numClasses);
    }

    private static String check(Npy.Array array, int dim, int numClasses) {
        int[] shape = array.shape();
        if (shape.length != 2 || shape[1] != numClasses || shape[0] < 1 || dim > 0 && shape[0] != dim) {
            return "shape " + Arrays.toString(shape) + ", expected [" + (dim > 0 ? dim : "D") + ", " + numClasses + "]";
        }
        float[] w = array.data();
        for (int c = 0; c < numClasses; c++) {
            double sum = 0;
            for (int d = 0; d < shape[0]; d++) {
                float x = w[d * numClasses + c];
                if (!Float.isFinite(x)) {
                    return "non-finite weight at [" + d + ", " + c + "]";
                }
                sum += (double) x * x;
            }
            if (Math.abs(Math.sqrt(sum) - 1) > UNIT_TOLERANCE) {
                return "column " + c + " has norm " + Math.sqrt(sum) + ", expected 1";
            }
        }
        return null;
    }

    private void store(Path file, ZeroShotWeights classifier) {
        try {
            AtomicFiles.writeStream(file, os -> Npy.write(os, classifier.weights(), classifier.dim(),
                    classifier.numClasses()));
            LOG.info("zero-shot classifier cached in {}", file);
        } catch (IOException e) {
            // a cache that cannot be written costs time, not correctness
            LOG.warn("could not write zero-shot classifier cache {}: {}", file, e.toString());
        }
    }
}

package io.clipj.spark;

import io.clipj.Clip;
import io.clipj.ClipOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * One {@link Clip} per executor JVM and model, shared by every task the executor runs: loaded on first use
 * and kept until the JVM exits (a {@code Clip} is thread-safe, and loading a 600 MB model per task would
 * dominate the job).
 *
 * <p>{@code model} is a local HuggingFace-layout directory (present on every node) or a Hadoop URI of one
 * ({@code hdfs://}, {@code s3a://}, ...), which each executor JVM copies once to a local temporary directory
 * deleted at exit. Thread-safe.
 */
final class ClipHolder {

    /** A loaded model and its image preprocessing. */
    record Model(Clip clip, SamplePixels pixels) {
    }

    private static final Pattern REMOTE = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");
    private static final Map<String, Model> MODELS = new HashMap<>();

    private ClipHolder() {
    }

    /** The JVM's model for {@code model} with {@code batchSize} images or texts per graph call, loaded if needed. */
    static synchronized Model get(String model, int batchSize, Configuration conf) throws IOException {
        String key = model + "#" + batchSize;
        Model loaded = MODELS.get(key);
        if (loaded == null) {
            Path dir = localDirectory(model, conf);
            loaded = new Model(Clip.load(dir, ClipOptions.defaults().withBatchSize(batchSize)), SamplePixels.load(dir));
            MODELS.put(key, loaded);
        }
        return loaded;
    }

    /** Whether {@code model} names a Hadoop file system path with a scheme other than {@code file:}. */
    static boolean isRemote(String model) {
        return REMOTE.matcher(model).matches() && !model.startsWith("file:");
    }

    private static Path localDirectory(String model, Configuration conf) throws IOException {
        if (!isRemote(model)) {
            Path dir = model.startsWith("file:") ? Path.of(java.net.URI.create(model)) : Path.of(model);
            if (!Files.isDirectory(dir)) {
                throw new NoSuchFileException(model, null, "model directory not found");
            }
            return dir;
        }
        org.apache.hadoop.fs.Path remote = new org.apache.hadoop.fs.Path(model);
        FileSystem fs = remote.getFileSystem(conf);
        if (!fs.getFileStatus(remote).isDirectory()) {
            throw new IOException(model + ": not a model directory");
        }
        Path local = Files.createTempDirectory("clipj-spark-model-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(local), "clipj-model-cleanup"));
        fs.copyToLocalFile(false, remote, new org.apache.hadoop.fs.Path(local.toUri()), true);
        // copyToLocalFile puts the directory itself inside local
        Path copied = local.resolve(remote.getName());
        return Files.isDirectory(copied) ? copied : local;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort at exit
        }
    }
}

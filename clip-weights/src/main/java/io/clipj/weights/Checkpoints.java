package io.clipj.weights;

import io.clipj.weights.internal.ShardedCheckpoint;
import io.clipj.weights.internal.safetensors.SafetensorsCheckpoint;
import io.clipj.weights.internal.torch.TorchCheckpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the weights of a HuggingFace model directory, choosing the file the way {@code transformers}
 * does: {@code model.safetensors}, then {@code model.safetensors.index.json} (sharded), then
 * {@code pytorch_model.bin}, then {@code pytorch_model.bin.index.json}.
 *
 * <pre>{@code
 * try (Checkpoint ckpt = Checkpoints.open(Path.of("models/clip-vit-base-patch32"))) {
 *     ClipWeights.validate(ckpt, config);
 *     WeightScope text = WeightScope.root(ckpt).pp("text_model");
 * }
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class Checkpoints {

    /** The weight files looked for in a model directory, most preferred first. */
    public static final List<String> WEIGHT_FILES = List.of(
            "model.safetensors", "model.safetensors.index.json", "pytorch_model.bin", "pytorch_model.bin.index.json");

    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);

    private Checkpoints() {
    }

    /**
     * Opens a model directory's weights, or one weight file given directly ({@code *.safetensors},
     * {@code *.bin}, {@code *.index.json}).
     *
     * @throws NoSuchFileException naming the directory and the files looked for when none exists
     */
    public static Checkpoint open(Path modelDirOrFile) throws IOException {
        if (Files.isDirectory(modelDirOrFile)) {
            for (String name : WEIGHT_FILES) {
                Path candidate = modelDirOrFile.resolve(name);
                if (Files.isRegularFile(candidate)) {
                    LOG.debug("loading weights from {}", candidate);
                    return openFile(candidate);
                }
            }
            throw new NoSuchFileException(modelDirOrFile.toString(), null,
                    "no weights found (looked for " + String.join(", ", WEIGHT_FILES) + ")");
        }
        if (!Files.isRegularFile(modelDirOrFile)) {
            throw new NoSuchFileException(modelDirOrFile.toString(), null, "no such model directory or weight file");
        }
        return openFile(modelDirOrFile);
    }

    /** Opens one weight file, choosing the reader by its name. */
    public static Checkpoint openFile(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (name.endsWith(".safetensors.index.json")) {
            return ShardedCheckpoint.open(file, SafetensorsCheckpoint::open);
        }
        if (name.endsWith(".bin.index.json")) {
            return ShardedCheckpoint.open(file, TorchCheckpoint::open);
        }
        if (name.endsWith(".safetensors")) {
            return SafetensorsCheckpoint.open(file);
        }
        if (name.endsWith(".bin") || name.endsWith(".pt") || name.endsWith(".pth")) {
            return TorchCheckpoint.open(file);
        }
        throw new CheckpointFormatException(file + ": unknown weight file type (expected .safetensors, .bin or "
                + "an .index.json)");
    }
}

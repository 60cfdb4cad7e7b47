package io.clipj.bench.cli;

import io.clipj.Clip;
import io.clipj.ClipOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --model} and {@code --batch-size} options shared by the model-running commands (a picocli mixin).
 *
 * <p>Not thread-safe (filled by picocli on one thread).
 */
final class ModelOptions {

    @Option(names = "--model", required = true, paramLabel = "M",
            description = "HuggingFace-layout model directory (config.json, weights, tokenizer and preprocessor files)")
    String model;

    @Option(names = "--batch-size", defaultValue = "32", paramLabel = "N",
            description = "images or texts per graph call (default: ${DEFAULT-VALUE})")
    int batchSize;

    /** Loads the model, failing with the path when it is not a model directory. */
    Clip load() throws IOException {
        Path dir = Path.of(model);
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(model, null, "not a model directory");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
        }
        return Clip.load(dir, new ClipOptions(batchSize));
    }
}

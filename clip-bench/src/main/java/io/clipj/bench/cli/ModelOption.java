package io.clipj.bench.cli;

import io.clipj.Clip;
import io.clipj.ClipOptions;
import io.clipj.weights.hub.ModelLocator;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --model} option shared by every command: a local HuggingFace-layout model directory, or a Hub
 * repo id (e.g. {@code openai/clip-vit-base-patch32}) resolved like {@code from_pretrained} through
 * {@link ModelLocator}: the HF cache ({@code HF_HOME}, {@code HF_HUB_CACHE}), {@code HF_ENDPOINT},
 * {@code HF_HUB_OFFLINE} and {@code HF_TOKEN}.
 *
 * <p>Not thread-safe (picocli fills it on one thread); resolves the model once per command run.
 */
public final class ModelOption {

    @Option(names = "--model", required = true, paramLabel = "M",
            description = "Local HuggingFace-layout model directory, or a Hub id such as openai/clip-vit-base-patch32"
                    + " (resolved like from_pretrained: HF_HOME, HF_HUB_CACHE, HF_ENDPOINT, HF_HUB_OFFLINE, HF_TOKEN).")
    String model;

    private Path resolved;

    /** The argument as given. */
    public String name() {
        return model;
    }

    /** A short name for titles: the directory's name for a local model, the repo id for a Hub model. */
    public String displayName() {
        Path local = Path.of(model).toAbsolutePath().normalize();
        return java.nio.file.Files.isDirectory(local) && local.getFileName() != null ? local.getFileName().toString()
                : model;
    }

    /** The local model directory (a Hub id is downloaded into, or found in, the HF cache). */
    public Path directory() throws IOException {
        if (resolved == null) {
            resolved = ModelLocator.resolve(model, () -> DownloadBars.hubOptions(null));
        }
        return resolved;
    }

    /** Loads the model with {@code batchSize} images or texts per graph call. */
    public Clip load(int batchSize) throws IOException {
        return Clip.load(directory(), ClipOptions.defaults().withBatchSize(batchSize));
    }
}

package io.clipj.bench.cli;

import io.clipj.data.WdsDataset;
import io.clipj.data.WdsOptions;
import io.clipj.weights.hub.DatasetLocator;
import io.clipj.weights.hub.HubOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --dataset DIR|ORG/NAME [--split SPLIT] [--revision R]} options of the commands that read a whole
 * {@code wds_imagenetv2}-layout WebDataset ({@code zeroshot}): a local folder, or a Hub dataset id resolved
 * through the HF cache like {@code --model} ({@link DatasetLocator}: only that split's shards are downloaded).
 * {@code similarity} (inside its either/or argument group, which picocli mixins cannot join) and
 * {@code embedding-map} (where {@code --dataset} is one of two sources, so not required) declare their own copies
 * and share {@link #resolve}.
 *
 * <p>Not thread-safe (picocli fills it on one thread); resolves the dataset once per command run.
 */
public final class DatasetOption {

    @Option(names = "--dataset", required = true, paramLabel = "DIR|ORG/NAME",
            description = "wds_imagenetv2-layout dataset (classnames.txt, zeroshot_classification_templates.txt,"
                    + " <split>/nshards.txt, <split>/0.tar ...): a folder, or a Hub dataset id such as"
                    + " clip-benchmark/wds_imagenetv2 (cached like --model: HF_HOME, HF_HUB_OFFLINE, HF_ENDPOINT).")
    String dataset;

    @Option(names = "--split", defaultValue = "test", paramLabel = "SPLIT", description = "Split (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--revision", paramLabel = "R",
            description = "Branch, tag or commit of a Hub --dataset (default: main).")
    String revision;

    private Path resolved;

    /** The dataset as given. */
    String name() {
        return dataset;
    }

    /** The dataset directory (a Hub id is downloaded into, or found in, the HF cache; progress on {@code err}). */
    Path directory(PrintWriter err) throws IOException {
        if (resolved == null) {
            resolved = resolve(dataset, split, revision, err);
        }
        return resolved;
    }

    /** The dataset's {@code --split}. */
    WdsDataset open(PrintWriter err, WdsOptions options) throws IOException {
        return Inputs.openDataset(directory(err), split, options);
    }

    /**
     * {@code arg} as a local directory, or else as a Hub dataset id. A path-like argument ({@code /}, {@code .},
     * {@code ~} first) that is no directory is reported as such, not looked up on the Hub.
     */
    static Path resolve(String arg, String split, String revision, PrintWriter err) throws IOException {
        Path local = asPath(arg);
        if (local != null && Files.isDirectory(local)) {
            return local;
        }
        boolean pathLike = arg.startsWith("/") || arg.startsWith(".") || arg.startsWith("~") || arg.contains("\\")
                || arg.split("/", -1).length > 2;
        if (pathLike || !arg.contains("/")) {
            throw new NoSuchFileException(arg, null, "--dataset: directory not found"
                    + (pathLike ? "" : " (for a Hub dataset give its id as org/name, e.g. clip-benchmark/wds_imagenetv2)"));
        }
        HubOptions options = DownloadBars.hubOptions(revision);
        Progress.Lines lines = Progress.lines(err, "dataset " + arg);
        Path dir = new DatasetLocator(options).resolve(arg, split, (file, shard, shards) -> {
            if (shard > 0) {
                lines.update(shard, shards, file);
            }
        });
        lines.done();
        return dir;
    }

    private static Path asPath(String arg) {
        try {
            return arg.isEmpty() ? null : Path.of(arg);
        } catch (InvalidPathException e) {
            return null;
        }
    }
}

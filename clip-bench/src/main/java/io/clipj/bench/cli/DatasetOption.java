package io.clipj.bench.cli;

import io.clipj.data.WdsDataset;
import io.clipj.data.WdsOptions;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --dataset DIR [--split SPLIT]} options of the commands that read a whole {@code wds_imagenetv2}-layout
 * WebDataset ({@code zeroshot}, {@code embedding-map}). {@code similarity} declares its own copy inside its
 * either/or argument group, which picocli mixins cannot join.
 *
 * <p>Not thread-safe (picocli fills it on one thread).
 */
public final class DatasetOption {

    @Option(names = "--dataset", required = true, paramLabel = "DIR",
            description = "wds_imagenetv2-layout dataset: classnames.txt, zeroshot_classification_templates.txt,"
                    + " <split>/nshards.txt, <split>/0.tar ...")
    Path dataset;

    @Option(names = "--split", defaultValue = "test", paramLabel = "SPLIT", description = "Split (default: ${DEFAULT-VALUE}).")
    String split;

    /** The dataset directory, checked to exist before any slower input is looked at. */
    Path directory() throws NoSuchFileException {
        return Inputs.requireDirectory("--dataset", dataset);
    }

    /** The dataset's {@code --split}. */
    WdsDataset open(WdsOptions options) throws NoSuchFileException {
        return Inputs.openDataset(dataset, split, options);
    }
}

package io.clipj.bench.search;

import io.clipj.Clip;
import io.clipj.bench.cli.ModelOption;
import io.clipj.index.ClipIndex;
import io.clipj.index.IndexListener;
import io.clipj.index.IndexReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code index}: embeds every image under the paths into the index directory, incrementally (docs/search.md).
 * Unreadable images: one stderr line each; the last stdout line is the {@link IndexReport#summary()}.
 */
@Command(name = "index", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Embed the images under PATHs (files, folders, WebDataset *.tar shards) into a search index.")
public final class IndexCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--index", required = true, paramLabel = "DIR", description = "Index directory (created if absent).")
    Path index;

    @Option(names = "--batch-size", defaultValue = "32", paramLabel = "N",
            description = "Images per model call (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--commit-every", defaultValue = "256", paramLabel = "N",
            description = "Commit after every N embedded images; a crash loses at most these (default: ${DEFAULT-VALUE}).")
    int commitEvery;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Image files, folders (recursively), *.tar shards.")
    List<Path> paths;

    @Override
    public Integer call() throws Exception {
        if (batchSize < 1 || commitEvery < 1) {
            throw new IllegalArgumentException("--batch-size and --commit-every must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String name = java.nio.file.Files.isDirectory(Path.of(model.name()))
                ? Path.of(model.name()).toAbsolutePath().normalize().toString() : model.name();
        try (Clip clip = model.load(batchSize);
             ClipIndex idx = ClipIndex.create(index, clip, model.directory(), name)) {
            Listener listener = new Listener(err);
            IndexReport report;
            try {
                report = idx.update(paths, commitEvery, listener);
            } finally {
                listener.close();
            }
            out.println(report.summary());
            out.flush();
        }
        return 0;
    }

    /** Progress bar and one stderr line per failed image. */
    private static final class Listener implements IndexListener {
        private final PrintWriter err;
        private ProgressBar bar;

        Listener(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void started(int toEmbed, int shards) {
            bar = new ProgressBarBuilder().setTaskName("index").setInitialMax(shards > 0 ? -1 : toEmbed)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).setUnit(" img", 1).showSpeed()
                    .setConsumer(new DelegatingProgressBarConsumer(line -> {
                        err.print('\r');
                        err.print(line);
                        err.flush();
                    }, 110))
                    .build();
        }

        @Override
        public void progress(int count) {
            bar.stepBy(count);
        }

        @Override
        public void failed(String source, String message) {
            err.print('\r');
            err.println(source + ": skipped: " + message);
            err.flush();
        }

        void close() {
            if (bar != null) {
                bar.close();
                err.println();
                err.flush();
            }
        }
    }
}

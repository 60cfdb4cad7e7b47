package io.clipj.bench.cli;

import io.clipj.weights.hub.DownloadListener;
import io.clipj.weights.hub.HubOptions;
import java.io.PrintStream;
import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The command line's view of Hub downloads: one {@code me.tongfei:progressbar} bar per large file on stderr
 * (MiB, rate, time left), plugged into the Hub client as its {@link DownloadListener}. The Hub client itself
 * (clip-weights) draws nothing.
 *
 * <p>Thread-safe: each download gets its own bar.
 */
final class DownloadBars implements DownloadListener {

    private final PrintStream err;

    DownloadBars(PrintStream err) {
        this.err = err;
    }

    /** Hub options from the environment, with {@code revision} (null: {@code main}) and bars on stderr. */
    static HubOptions hubOptions(String revision) {
        return HubOptions.builder().revision(revision).listener(new DownloadBars(System.err)).build();
    }

    @Override
    public Download started(String file, long totalBytes, long initialBytes) {
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(file.length() > 30 ? "…" + file.substring(file.length() - 29) : file)
                .setInitialMax(totalBytes)
                .setUnit("MiB", 1L << 20)
                .showSpeed()
                .startsFrom(initialBytes, Duration.ZERO)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(err))
                .setUpdateIntervalMillis(500)
                .build();
        return new Download() {
            @Override
            public void progressed(long bytes) {
                bar.stepTo(bytes);
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }
}

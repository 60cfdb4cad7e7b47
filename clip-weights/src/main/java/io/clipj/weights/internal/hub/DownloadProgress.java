package io.clipj.weights.internal.hub;

import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of one download: a {@code me.tongfei:progressbar} bar on stderr (bytes in MiB, rate, time left)
 * when shown, otherwise nothing. Only large files get a bar, so resolving a cached model prints nothing.
 *
 * <p>Not thread-safe: one instance per download, used by the downloading thread.
 */
public abstract class DownloadProgress implements AutoCloseable {

    private static final DownloadProgress NONE = new DownloadProgress() {
        @Override
        public void stepTo(long bytes) {
        }

        @Override
        public void close() {
        }
    };

    /** A bar for {@code name} when {@code show}, else a no-op. */
    public static DownloadProgress start(boolean show, String name, long total, long initial) {
        if (!show) {
            return NONE;
        }
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(name.length() > 30 ? "…" + name.substring(name.length() - 29) : name)
                .setInitialMax(total)
                .setUnit("MiB", 1L << 20)
                .showSpeed()
                .startsFrom(initial, Duration.ZERO)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(500)
                .build();
        return new DownloadProgress() {
            @Override
            public void stepTo(long bytes) {
                bar.stepTo(bytes);
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }

    /** Total bytes now in the file. */
    public abstract void stepTo(long bytes);

    @Override
    public abstract void close();
}

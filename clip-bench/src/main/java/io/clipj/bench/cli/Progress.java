package io.clipj.bench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress bars on the command's stderr (ASCII, one line redrawn with {@code \r} on a terminal, periodic plain
 * lines otherwise: count, percentage, rate, elapsed and estimated time left), and a cheap estimate of a WebDataset's size so the image bar has a total.
 *
 * <p>Stateless and thread-safe; each bar is used by one command run.
 */
final class Progress {

    private Progress() {
    }

    /** Seconds between plain progress lines when stderr is not a terminal. */
    static final long PLAIN_INTERVAL_MILLIS = Long.getLong("clipj.progressIntervalMillis", 10_000);

    /** Whether stderr is a terminal, so a line can be redrawn in place. */
    static boolean terminal() {
        return System.console() != null;
    }

    /**
     * A bar named {@code task} counting {@code unit}s up to {@code max} ({@code -1}: unknown). On a terminal one
     * line is redrawn with {@code \r}; otherwise (a log file, a pipe) a plain line is printed every
     * {@link #PLAIN_INTERVAL_MILLIS} and when the bar closes, so logs stay readable.
     */
    static ProgressBar bar(PrintWriter err, String task, long max, String unit) {
        boolean redraw = terminal();
        long[] lastPrinted = {System.nanoTime()};
        String[] latest = {null};
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .setUnit(" " + unit, 1)
                .showSpeed()
                .setConsumer(new DelegatingProgressBarConsumer(line -> {
                    if (redraw) {
                        err.print('\r');
                        err.print(line);
                        err.flush();
                        return;
                    }
                    latest[0] = line;
                    if (System.nanoTime() - lastPrinted[0] >= PLAIN_INTERVAL_MILLIS * 1_000_000) {
                        lastPrinted[0] = System.nanoTime();
                        err.println(line.strip());
                        err.flush();
                    }
                }, 110) {
                    @Override
                    public void close() {
                        if (!redraw && latest[0] != null) {
                            err.print(latest[0].strip());
                        }
                        err.println();
                        err.flush();
                    }
                })
                .build();
    }

    /** Counted progress as plain lines ({@code "task: 3/10 test/2.tar"}), for steps that take seconds each. */
    static Lines lines(PrintWriter err, String task) {
        return new Lines(err, task);
    }

    /** See {@link #lines}: at most one line per second after the first, and always the last. */
    static final class Lines {
        private final PrintWriter err;
        private final String task;
        private long last = Long.MIN_VALUE;
        private String pending;

        private Lines(PrintWriter err, String task) {
            this.err = err;
            this.task = task;
        }

        void update(long done, long total, String what) {
            String line = task + ": " + done + "/" + total + " " + what;
            long now = System.nanoTime();
            if (done == total || last == Long.MIN_VALUE || now - last >= 1_000_000_000L) {
                err.println(line);
                err.flush();
                last = now;
                pending = null;
            } else {
                pending = line;
            }
        }

        void done() {
            if (pending != null) {
                err.println(pending);
                err.flush();
            }
        }
    }

    /**
     * The number of {@code .cls} members in the shards, from their tar headers alone (data is skipped, not
     * read), or -1 if a header cannot be understood; only used to give the progress bar a total.
     */
    static long estimateSamples(List<Path> shards) {
        long count = 0;
        ByteBuffer header = ByteBuffer.allocate(512);
        for (Path shard : shards) {
            try (FileChannel ch = FileChannel.open(shard, StandardOpenOption.READ)) {
                long pos = 0;
                long size = ch.size();
                while (pos + 512 <= size) {
                    header.clear();
                    if (ch.read(header, pos) < 512) {
                        return -1;
                    }
                    byte[] h = header.array();
                    if (h[0] == 0) {
                        break; // end-of-archive block
                    }
                    String name = field(h, 0, 100);
                    long memberSize = octal(h, 124, 12);
                    if (memberSize < 0) {
                        return -1;
                    }
                    byte type = h[156];
                    if ((type == '0' || type == 0) && name.endsWith(".cls")) {
                        count++;
                    }
                    pos += 512 + (memberSize + 511) / 512 * 512;
                }
            } catch (IOException e) {
                return -1;
            }
        }
        return count;
    }

    private static String field(byte[] h, int offset, int length) {
        int end = offset;
        while (end < offset + length && h[end] != 0) {
            end++;
        }
        return new String(h, offset, end - offset, StandardCharsets.US_ASCII);
    }

    private static long octal(byte[] h, int offset, int length) {
        if ((h[offset] & 0x80) != 0) {
            return -1; // base-256 sizes (members over 8 GB) are not worth estimating
        }
        String s = field(h, offset, length).trim();
        try {
            return s.isEmpty() ? 0 : Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}

package io.clipj.bench.cli;

import io.clipj.Clip;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bench-clients --model M --clients N [--seconds S] [--warmup S] IMAGE...}: what a server sees when N request
 * threads share one {@link Clip} and each embeds one image file at a time with {@code embedImage(Path)} (decoding
 * included, dynamic batching by the library). After the warm-up, every request of the timed window is counted and
 * its latency kept; the last stdout line is {@code image clients=N: X img/s, p50 A ms, p99 B ms}. Compare with
 * {@code bench --tower image --batch 32} run next to it.
 */
@Command(name = "bench-clients", mixinStandardHelpOptions = true,
        description = "Throughput and latency of single-image embedImage(Path) calls from many threads on one model.")
public final class ClientsBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--clients", defaultValue = "16", paramLabel = "N", description = "Request threads (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--seconds", defaultValue = "30", paramLabel = "S", description = "Seconds to time after warm-up (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--warmup", defaultValue = "15", paramLabel = "S", description = "Seconds of warm-up (default ${DEFAULT-VALUE}).")
    double warmup;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image files, sent round-robin.")
    List<Path> images;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (clients < 1) {
            throw new IllegalArgumentException("--clients must be at least 1, got " + clients);
        }
        if (!(seconds > 0) || !(warmup >= 0)) {
            throw new IllegalArgumentException("--seconds must be positive and --warmup not negative");
        }
        try (Clip clip = model.load(32)) {
            for (Path image : images) { // fails fast, naming the file, before any thread starts
                clip.embedImage(image);
            }
            AtomicInteger next = new AtomicInteger();
            AtomicBoolean timing = new AtomicBoolean();
            AtomicBoolean stop = new AtomicBoolean();
            List<long[]> latencies = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < clients; t++) {
                long[] mine = new long[1 << 16];
                latencies.add(mine);
                Thread thread = new Thread(() -> {
                    int n = 0;
                    while (!stop.get()) {
                        Path image = images.get(Math.floorMod(next.getAndIncrement(), images.size()));
                        long start = System.nanoTime();
                        clip.embedImage(image);
                        boolean counted = timing.get();
                        if (counted && n < mine.length - 1) {
                            mine[++n] = System.nanoTime() - start;
                        }
                    }
                    mine[0] = n;
                }, "client-" + t);
                threads.add(thread);
                thread.start();
            }
            Thread.sleep((long) (warmup * 1000));
            timing.set(true);
            long start = System.nanoTime();
            Thread.sleep((long) (seconds * 1000));
            timing.set(false);
            long nanos = System.nanoTime() - start;
            stop.set(true);
            for (Thread thread : threads) {
                thread.join();
            }
            long[] all = latencies.stream().flatMapToLong(l -> Arrays.stream(l, 1, 1 + (int) l[0])).sorted().toArray();
            double perSecond = all.length / (nanos / 1e9);
            spec.commandLine().getOut().printf("image clients=%d: %.2f img/s, p50 %.0f ms, p99 %.0f ms (%d requests in %.1f s)%n",
                    clients, perSecond, percentile(all, 0.50), percentile(all, 0.99), all.length, nanos / 1e9);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
}

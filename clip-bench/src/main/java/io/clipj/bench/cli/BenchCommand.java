package io.clipj.bench.cli;

import io.clipj.Clip;
import io.clipj.ClipOptions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import io.clipj.bench.profile.OpTimes;
import io.clipj.internal.model.ImageTower;
import io.clipj.internal.model.TextTower;
import io.clipj.tokenizer.ClipTokenizer;
import io.clipj.weights.Checkpoint;
import io.clipj.weights.Checkpoints;
import io.clipj.weights.config.ClipConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench --model M --tower image|text --batch N --seconds S [--warmup S] [--texts-file F.json] [--profile]}:
 * steady-state throughput of one tower. The model is loaded and warmed up first (graph built, two calls, then
 * calls until the rate has settled, {@link #warmUp}, or for {@code --warmup} seconds), then calls of {@code N}
 * items are timed for {@code S} seconds. Progress goes to stderr; the last stdout line is
 * {@code image batch=N: X img/s} or {@code text batch=N: X txt/s}.
 *
 * <p>Images are random pixel values (speed does not depend on them). Texts are, with {@code --texts-file}, the
 * file's texts tokenised, sorted by length and cut into batches of {@code N} as {@code Clip.embedTexts} does for
 * the whole file (each batch runs only to its longest end token), the batches sent in a seeded random order;
 * without it, full-context texts (77 tokens for OpenAI's models), which is what OpenAI's code always runs.
 *
 * <p>{@code --profile} then times each graph op of the same calls ({@link OpTimes}) and prints where the time
 * went to stderr.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Steady-state throughput of the image or text tower after warm-up.")
public final class BenchCommand implements Callable<Integer> {

    /** Which tower to time. */
    enum Tower { image, text }

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--tower", required = true, paramLabel = "image|text", description = "Tower to time: ${COMPLETION-CANDIDATES}.")
    Tower tower;

    @Option(names = "--batch", defaultValue = "32", paramLabel = "N", description = "Items per graph call (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seconds", defaultValue = "20", paramLabel = "S", description = "Seconds to time after warm-up (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--warmup", paramLabel = "S",
            description = "Seconds of warm-up before timing; default: at least 10 s and until three one-second rates "
                    + "agree within 5%%, at most 60 s.")
    Double warmup;

    @Option(names = "--texts-file", paramLabel = "F.json",
            description = "JSON array of strings to embed (text tower); default: full-context texts.")
    Path textsFile;

    @Option(names = "--executor", defaultValue = "COMPILED", paramLabel = "COMPILED|SAMEDIFF",
            description = "How the tower's graph runs: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    ClipOptions.Executor executor;

    @Option(names = "--profile",
            description = "Afterwards, time every graph op of the tower for the same seconds and print the time per "
                    + "op kind to stderr (the throughput line stays last on stdout).")
    boolean profile;

    @Override
    public Integer call() throws IOException {
        if (batch < 1) {
            throw new IllegalArgumentException("--batch must be at least 1, got " + batch);
        }
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("--seconds must be positive, got " + seconds);
        }
        if (warmup != null && !(warmup >= 0)) {
            throw new IllegalArgumentException("--warmup must be zero or positive, got " + warmup);
        }
        if (textsFile != null && tower != Tower.text) {
            throw new IllegalArgumentException("--texts-file " + textsFile + " is only used with --tower text");
        }
        Path dir = model.directory();
        List<int[]> texts = tower == Tower.text ? texts(dir) : List.of();
        double perSecond;
        ClipConfig config;
        float[][] pixels;
        try (Clip clip = Clip.load(dir, new ClipOptions(batch, executor))) {
            config = clip.config();
            int size = config.vision().imageSize();
            pixels = tower == Tower.image ? randomPixels(batch, 3 * size * size) : null;
            Call call = tower == Tower.image
                    ? () -> clip.embedPixels(pixels)
                    : new TextCalls(ids -> clip.embedTokenIds(Arrays.asList(ids)), texts, batch);
            long start = System.nanoTime();
            call.run();
            spec.commandLine().getErr().printf("bench: first call (graph build and warm-up) %.2f s%n",
                    (System.nanoTime() - start) / 1e9);
            call.run();
            if (warmup == null) {
                warmUp(call);
            } else if (warmup > 0) {
                run(call, warmup);
            }
            perSecond = run(call, seconds) * batch;
        }
        if (profile) { // after close(): the profiled tower does not sit next to the timed one
            profile(config, dir, texts, pixels, perSecond);
        }
        String unit = tower == Tower.image ? "img/s" : "txt/s";
        spec.commandLine().getOut().printf("%s batch=%d: %.2f %s%n", tower, batch, perSecond, unit);
        spec.commandLine().getOut().flush();
        return 0;
    }

    /**
     * {@code --profile}: the same calls on a tower of its own with an {@link OpTimes} listener attached, warmed
     * up for a few seconds ({@code --warmup} if given), then timed for {@code seconds}; the table goes to
     * stderr. The listener slows the calls a little, so the rate it ran at is printed next to the unprofiled one.
     */
    private void profile(ClipConfig config, Path dir, List<int[]> texts, float[][] pixels, double unprofiled)
            throws IOException {
        OpTimes times = new OpTimes();
        Map<String, Long> steps = new ConcurrentHashMap<>();
        boolean compiled = executor == ClipOptions.Executor.COMPILED;
        Call call;
        try (Checkpoint checkpoint = Checkpoints.open(dir)) {
            if (tower == Tower.image) {
                ImageTower image = ImageTower.build(config, checkpoint, compiled);
                if (compiled) {
                    image.setStepTimes(steps);
                } else {
                    image.setListeners(times);
                }
                call = () -> image.embed(pixels);
            } else {
                TextTower text = TextTower.build(config, checkpoint, compiled);
                if (compiled) {
                    text.setStepTimes(steps);
                } else {
                    text.setListeners(times);
                }
                call = new TextCalls(text::embed, texts, batch);
            }
        }
        run(call, warmup != null ? warmup : Math.max(3, seconds / 5));
        times.reset();
        steps.clear();
        Timed timed = time(call, seconds);
        PrintWriter err = spec.commandLine().getErr();
        err.printf("bench: profile of %d calls of batch %d: %.2f %s with the op timer attached (%.2f without)%n",
                timed.calls(), batch, timed.perSecond() * batch, tower == Tower.image ? "img/s" : "txt/s", unprofiled);
        if (!compiled) {
            times.print(err, timed.calls(), timed.nanos());
            return;
        }
        // Compiled executor: time per kind of kernel, summed over the chunk threads.
        long total = steps.values().stream().mapToLong(Long::longValue).sum();
        err.printf("%-28s %12s %8s%n", "kernel", "ms per call", "share");
        steps.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).forEach(e ->
                err.printf("%-28s %12.2f %7.1f%%%n", e.getKey(), e.getValue() / 1e6 / timed.calls(),
                        100.0 * e.getValue() / total));
        err.printf("%-28s %12.2f (thread time; wall %.2f ms per call)%n", "all kernels", total / 1e6 / timed.calls(),
                timed.nanos() / 1e6 / timed.calls());
    }

    /**
     * Runs calls until the JIT compiler and the graph's array caches have settled: at least 10 s (or a fifth
     * of the timed seconds if longer), then until three consecutive one-second windows agree within 5%, at
     * most 60 s. Measured at batch 1, a fixed 3-second warm-up left the rate at 5.9 img/s where 25 s gave
     * 7.8-8.8, and stopping at the first two agreeing windows (8.4 s) still gave 5.8.
     */
    private void warmUp(Call call) throws IOException {
        long start = System.nanoTime();
        run(call, Math.max(10, seconds / 5));
        double previous = run(call, 1);
        int agreeing = 0;
        while ((System.nanoTime() - start) / 1e9 < 60 && agreeing < 2) {
            double rate = run(call, 1);
            agreeing = Math.abs(rate - previous) <= 0.05 * previous ? agreeing + 1 : 0;
            previous = rate;
        }
        spec.commandLine().getErr().printf("bench: warm-up %.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    /** Calls per second over at least {@code seconds} (and at least one call). */
    private static double run(Call call, double seconds) throws IOException {
        return time(call, seconds).perSecond();
    }

    /** Calls over at least {@code seconds} (and at least one call): how many, and their wall time. */
    private static Timed time(Call call, double seconds) throws IOException {
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        long calls = 0;
        long now;
        do {
            call.run();
            calls++;
            now = System.nanoTime();
        } while (now < deadline);
        return new Timed(calls, now - start);
    }

    /** A timed run: {@code calls} calls in {@code nanos} ns of wall time. */
    private record Timed(long calls, long nanos) {
        double perSecond() {
            return calls / (nanos / 1e9);
        }
    }

    private List<int[]> texts(Path dir) throws IOException {
        ClipTokenizer tokenizer = ClipTokenizer.fromModelDirectory(dir);
        List<int[]> ids = new ArrayList<>();
        if (textsFile == null) {
            // Long enough to be truncated to the full context: start, 75 ids, end.
            ids.add(tokenizer.encode("a photo of a cat sitting on a mat ".repeat(20)));
            return ids;
        }
        List<String> texts = CliInputs.readTexts("--texts-file", textsFile);
        if (texts.isEmpty()) {
            throw new IllegalArgumentException(textsFile + ": expected a non-empty JSON array of strings");
        }
        for (String text : texts) {
            ids.add(tokenizer.encode(text));
        }
        ids.sort(Comparator.comparingInt(seq -> seq.length));
        return ids;
    }

    private static float[][] randomPixels(int n, int values) {
        SplittableRandom random = new SplittableRandom(7);
        float[][] out = new float[n][values];
        for (float[] image : out) {
            for (int i = 0; i < values; i++) {
                image[i] = (float) (random.nextDouble() * 4 - 2);
            }
        }
        return out;
    }

    /** One timed graph call. */
    @FunctionalInterface
    private interface Call {
        void run() throws IOException;
    }

    /**
     * Batches of {@code batch} consecutive texts of the (length-sorted) list, as {@code Clip.embedTexts} would
     * form them for the whole file, visited in a seeded random order so that a timed run of any length sees
     * the file's mix of short and long batches.
     */
    private static final class TextCalls implements Call {
        private final TextEmbedder embedder;
        private final List<int[][]> batches = new ArrayList<>();
        private int next;

        TextCalls(TextEmbedder embedder, List<int[]> texts, int batch) {
            this.embedder = embedder;
            for (int start = 0; start < texts.size(); start += batch) {
                int[][] ids = new int[batch][];
                for (int i = 0; i < batch; i++) {
                    ids[i] = texts.get((start + i) % texts.size());
                }
                batches.add(ids);
            }
            Collections.shuffle(batches, new Random(7));
        }

        @Override
        public void run() throws IOException {
            embedder.embed(batches.get(next));
            next = (next + 1) % batches.size();
        }
    }

    /** Embeds one batch of token id sequences: through {@link Clip} or straight through a tower. */
    @FunctionalInterface
    private interface TextEmbedder {
        float[][] embed(int[][] ids) throws IOException;
    }
}

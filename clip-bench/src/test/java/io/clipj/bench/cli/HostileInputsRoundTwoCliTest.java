package io.clipj.bench.cli;

import static io.clipj.bench.cli.HostileInputsCliTest.cli;
import static io.clipj.bench.cli.HostileInputsCliTest.listing;
import static io.clipj.bench.cli.HostileInputsCliTest.tar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.clipj.bench.cli.HostileInputsCliTest.Run;
import io.clipj.testing.SharedAssets;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The second round of hostile inputs through the CLI (issue "bombs and hangs that got through"): each ends with
 * exit 1 within seconds and at most three stderr lines, none of them a stack trace, and leaves nothing behind.
 */
class HostileInputsRoundTwoCliTest {

    @TempDir
    Path work;

    /** The failure contract of every case here. */
    private static void failsBriefly(Run run, long startNanos, String... mustContain) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        // progress bars (zeroshot's classifier and images) are status, not the message
        List<String> lines = run.err().lines().filter(l -> !l.isBlank() && !l.matches(".*\\d+% \\[.*")).toList();
        assertAll(
                () -> assertThat(run.exit()).as(run.err()).isEqualTo(1),
                () -> assertThat(lines).as("stderr lines").hasSizeBetween(1, 3),
                () -> assertThat(run.err()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception in"),
                () -> assertThat(run.err()).contains(mustContain),
                () -> assertThat(seconds).as("seconds").isLessThan(20));
    }

    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    /** picocli's handler sees only Exceptions; an OutOfMemoryError must still be one line and exit 1. */
    @Test
    void outOfMemoryIsOneLine() {
        CommandLine cl = ClipCli.commandLine();
        cl.addSubcommand("boom", new Boom());
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        long start = System.nanoTime();
        int exit = cl.execute("boom");
        failsBriefly(new Run(exit, "", err.toString()), start, "clip-bench boom: error: out of memory (Java heap space)");
    }

    @Test
    void embedIntoAReusedOutRemovesStaleOutputs() throws IOException {
        Path out = Files.createDirectories(work.resolve("out"));
        String model = SharedAssets.tinyModel().toString();
        String horse = SharedAssets.path("images/horse.png").toString();
        Run both = cli("embed", "--model", model, "--images", horse, "--texts-file",
                SharedAssets.path("golden/texts.json").toString(), "--out", out.toString());
        assertThat(both.exit()).as(both.err()).isZero();
        assertThat(listing(out)).containsExactly(
                "image_embeds.npy", "logits_per_image.npy", "manifest.json", "text_embeds.npy");
        Run imagesOnly = cli("embed", "--model", model, "--images", horse, "--out", out.toString());
        assertThat(imagesOnly.exit()).as(imagesOnly.err()).isZero();
        assertThat(listing(out)).containsExactly("image_embeds.npy", "manifest.json");
    }

    /** An --out that cannot be written is found before the model runs, and nothing is created. */
    @Test
    void unwritableOutIsFoundBeforeTheWork() throws IOException {
        Path file = Files.writeString(work.resolve("a-file"), "x");
        String model = SharedAssets.tinyModel().toString();
        String horse = SharedAssets.path("images/horse.png").toString();
        long start = System.nanoTime();
        Run embed = cli("embed", "--model", model, "--images", horse, "--out", file.resolve("sub").toString());
        failsBriefly(embed, start, "--out", "a-file is not a directory");
        Path readOnly = Path.of("/proc/self");
        if (Files.isDirectory(readOnly)) {
            start = System.nanoTime();
            Run pre = cli("preprocess", "--model", model, "--out", readOnly.resolve("x.npy").toString(), horse);
            failsBriefly(pre, start, "--out", "cannot create files in");
        }
        assertThat(listing(work)).containsExactly("a-file");
    }

    /** A device never ends and a FIFO blocks on open: both are named as not regular files, never read. */
    @Test
    void deviceAndFifoAsImagesAreNamed() throws Exception {
        String model = SharedAssets.tinyModel().toString();
        Path out = work.resolve("x.npy");
        Path zero = Path.of("/dev/zero");
        if (Files.exists(zero)) {
            long start = System.nanoTime();
            failsBriefly(cli("preprocess", "--model", model, "--out", out.toString(), zero.toString()), start,
                    "/dev/zero", "not a regular file");
            start = System.nanoTime();
            failsBriefly(cli("embed", "--model", model, "--images", zero.toString(), "--out",
                    work.resolve("o").toString()), start, "/dev/zero", "not a regular file");
        }
        Path fifo = work.resolve("pipe.png");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo available");
        long start = System.nanoTime();
        failsBriefly(cli("preprocess", "--model", model, "--out", out.toString(), fifo.toString()), start,
                "pipe.png", "not a regular file");
        assertThat(listing(work)).containsExactly("pipe.png");
    }

    @Test
    void nonUtf8TextsFileIsNamed() throws IOException {
        Path texts = Files.write(work.resolve("texts.json"), new byte[] {'[', '"', 'c', (byte) 0xe9, '"', ']'});
        long start = System.nanoTime();
        failsBriefly(cli("tokenize", "--model", SharedAssets.tinyModel().toString(), "--texts-file", texts.toString()),
                start, "texts.json: not UTF-8 text");
    }

    /** A model directory like the tiny one, with one file replaced. */
    private Path tinyModelWith(String name, String content) throws IOException {
        Path dir = Files.createDirectories(work.resolve("model"));
        try (Stream<Path> files = Files.list(SharedAssets.tinyModel())) {
            for (Path f : files.toList()) {
                Files.createSymbolicLink(dir.resolve(f.getFileName().toString()), f.toAbsolutePath());
            }
        }
        Files.delete(dir.resolve(name));
        Files.writeString(dir.resolve(name), content);
        return dir;
    }

    @Test
    void hugeCropSizeIsRefusedByName() throws IOException {
        Path model = tinyModelWith("preprocessor_config.json", "{\"crop_size\": 2000000000, \"size\": 224}");
        long start = System.nanoTime();
        failsBriefly(cli("preprocess", "--model", model.toString(), "--out", work.resolve("x.npy").toString(),
                SharedAssets.path("images/horse.png").toString()), start, "crop_size.height 2000000000 exceeds");
    }

    /** A kilobyte config claiming a billion layers used to build a 16-billion-entry key map. */
    @Test
    void billionLayerConfigFailsFast() throws IOException {
        String config = Files.readString(SharedAssets.tinyModel().resolve("config.json"))
                .replaceFirst("\"num_hidden_layers\"\\s*:\\s*\\d+", "\"num_hidden_layers\": 1000000000");
        assertThat(config).contains("1000000000");
        Path model = tinyModelWith("config.json", config);
        long start = System.nanoTime();
        failsBriefly(cli("embed", "--model", model.toString(), "--texts-file",
                SharedAssets.path("golden/texts.json").toString(), "--out", work.resolve("o").toString()), start,
                "num_hidden_layers 1000000000 exceeds");
        assertThat(Files.exists(work.resolve("o"))).isFalse();
    }

    private Path dataset(byte[] shard, String nshards) throws IOException {
        Path dataset = Files.createDirectories(work.resolve("ds"));
        Files.writeString(dataset.resolve("classnames.txt"), "horse\nrocket\n");
        Files.writeString(dataset.resolve("zeroshot_classification_templates.txt"), "a photo of a {c}.\n");
        Path test = Files.createDirectories(dataset.resolve("test"));
        Files.writeString(test.resolve("nshards.txt"), nshards);
        Files.write(test.resolve("0.tar"), shard);
        return dataset;
    }

    @Test
    void hundredMillionShardsClaimFailsFast() throws IOException {
        byte[] png = Files.readAllBytes(SharedAssets.path("images/horse.png"));
        Path ds = dataset(tar("a.png", png, "a.cls", "0".getBytes(StandardCharsets.US_ASCII)), "100000000");
        long start = System.nanoTime();
        failsBriefly(cli("zeroshot", "--model", SharedAssets.tinyModel().toString(), "--dataset", ds.toString(),
                "--no-cache", "--out", work.resolve("R.json").toString()), start,
                "nshards.txt says 100000000 shards");
    }

    /** Member names reach stderr with their control characters escaped: no terminal escape gets through. */
    @Test
    void terminalEscapesInMemberNamesAreEscaped() throws IOException {
        String key = "k\u001b]0;pwned\u0007\u001b[2J";
        Path ds = dataset(tar(key + ".png", "not a png".getBytes(StandardCharsets.US_ASCII), key + ".cls",
                "0".getBytes(StandardCharsets.US_ASCII)), "1");
        long start = System.nanoTime();
        Run run = cli("zeroshot", "--model", SharedAssets.tinyModel().toString(), "--dataset", ds.toString(),
                "--no-cache", "--out", work.resolve("R.json").toString());
        failsBriefly(run, start, "]0;pwned");
        // \r is the progress bars' own carriage return; everything else must have been escaped
        assertThat(run.err().chars().filter(c -> c < 0x20 && c != '\n' && c != '\r' || c >= 0x7f && c <= 0x9f))
                .as("control characters on stderr").isEmpty();
    }
}

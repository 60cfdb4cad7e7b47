package io.clipj.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.clipj.testing.SharedAssets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Hostile inputs through the CLI, in-process: broken, empty and bomb images make {@code preprocess} exit
 * non-zero within seconds with one stderr line naming the input, and write nothing (no output, no
 * temporary); a PNG named {@code .jpg} is decoded by content, like PIL; an {@code --out} that is an input is
 * refused and the input survives; a shard with {@code ../} member names stops {@code zeroshot} naming the
 * shard, and nothing is written anywhere.
 */
class HostileInputsCliTest {

    /** stdout, stderr and exit code of one in-process run. */
    record Run(int exit, String out, String err) {
    }

    @TempDir
    Path work;

    static Run cli(String... args) {
        return assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            CommandLine cli = ClipCli.commandLine();
            cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
            cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
            int exit = cli.execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        });
    }

    @Test
    void badImagesFailNamingTheInputAndWriteNothing() throws IOException {
        Path outDir = Files.createDirectories(work.resolve("out"));
        Path empty = Files.createFile(work.resolve("empty.png"));
        Path text = Files.writeString(work.resolve("notes.jpg"), "not an image at all\n");
        Path bomb = Files.write(work.resolve("bomb.png"), pngHeaderOnly(100_000, 100_000));
        Path truncated = SharedAssets.path("images/truncated.jpg");
        Path missing = work.resolve("missing.png");
        List<org.junit.jupiter.api.function.Executable> checks = new ArrayList<>();
        for (Path bad : List.of(empty, text, bomb, truncated, missing)) {
            long start = System.nanoTime();
            Run run = cli("preprocess", "--model", SharedAssets.tinyModel().toString(), "--out",
                    outDir.resolve("x.npy").toString(), SharedAssets.path("images/horse.png").toString(),
                    bad.toString());
            double seconds = (System.nanoTime() - start) / 1e9;
            String name = bad.getFileName().toString();
            checks.add(() -> assertThat(run.exit()).as(name + " exit").isEqualTo(1));
            checks.add(() -> assertThat(run.err().strip()).as(name + " stderr")
                    .contains(name).startsWith("clip-bench preprocess: error: ").doesNotContain("\n"));
            checks.add(() -> assertThat(seconds).as(name + " seconds").isLessThan(10));
            checks.add(() -> assertThat(listing(outDir)).as(name + " left files").isEmpty());
        }
        assertAll(checks);
    }

    @Test
    void bombMessageSaysWhy() {
        Run run = cli("preprocess", "--model", SharedAssets.tinyModel().toString(), "--out",
                work.resolve("x.npy").toString(),
                writeQuietly(work.resolve("huge.png"), pngHeaderOnly(20_000, 20_000)));
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("huge.png").contains("decompression bomb");
    }

    @Test
    void aPngNamedJpgDecodesByContent() throws IOException {
        Path png = SharedAssets.path("images/horse.png");
        Path mislabelled = Files.copy(png, work.resolve("horse.jpg"));
        Run a = cli("preprocess", "--model", SharedAssets.tinyModel().toString(), "--out",
                work.resolve("a.npy").toString(), png.toString());
        Run b = cli("preprocess", "--model", SharedAssets.tinyModel().toString(), "--out",
                work.resolve("b.npy").toString(), mislabelled.toString());
        assertAll(() -> assertThat(a.exit()).as(a.err()).isZero(), () -> assertThat(b.exit()).as(b.err()).isZero());
        assertThat(work.resolve("b.npy")).hasSameBinaryContentAs(work.resolve("a.npy"));
    }

    @Test
    void neverOverwritesAnInput() throws IOException {
        Path image = Files.copy(SharedAssets.path("images/horse.png"), work.resolve("horse.png"));
        byte[] before = Files.readAllBytes(image);
        Run run = cli("preprocess", "--model", SharedAssets.tinyModel().toString(), "--out", image.toString(),
                image.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("horse.png").contains("refusing to overwrite");
        assertThat(Files.readAllBytes(image)).isEqualTo(before);
        Run intoModel = cli("preprocess", "--model", SharedAssets.tinyModel().toString(), "--out",
                SharedAssets.tinyModel().resolve("x.npy").toString(), image.toString());
        assertThat(intoModel.exit()).isEqualTo(1);
        assertThat(intoModel.err()).contains("inside the input directory");
    }

    @Test
    void aMissingOutputDirectoryIsNamed() {
        Run run = cli("preprocess", "--model", SharedAssets.tinyModel().toString(), "--out",
                work.resolve("no/such/dir/x.npy").toString(), SharedAssets.path("images/horse.png").toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("no/such/dir/x.npy").contains("directory does not exist");
    }

    @Test
    void tarPathTraversalIsRefusedNamingTheShard() throws IOException {
        Path dataset = Files.createDirectories(work.resolve("data/ds"));
        Files.writeString(dataset.resolve("classnames.txt"), "horse\nrocket\n");
        Files.writeString(dataset.resolve("zeroshot_classification_templates.txt"), "a photo of a {c}.\n");
        Path test = Files.createDirectories(dataset.resolve("test"));
        Files.writeString(test.resolve("nshards.txt"), "1");
        byte[] png = Files.readAllBytes(SharedAssets.path("images/horse.png"));
        byte[] label = "0".getBytes(StandardCharsets.US_ASCII);
        Files.write(test.resolve("0.tar"), tar("../../evil.png", png, "../../evil.cls", label));
        Path outDir = Files.createDirectories(work.resolve("out"));
        Run run = cli("zeroshot", "--model", SharedAssets.tinyModel().toString(), "--dataset", dataset.toString(),
                "--no-cache", "--out", outDir.resolve("R.json").toString());
        List<String> everything;
        try (Stream<Path> s = Files.walk(work)) {
            everything = s.map(p -> work.relativize(p).toString()).sorted().toList();
        }
        assertAll(
                () -> assertThat(run.exit()).as(run.err()).isEqualTo(1),
                () -> assertThat(run.err()).contains("0.tar").contains("unsafe tar member"),
                () -> assertThat(listing(outDir)).as("output folder").isEmpty(),
                () -> assertThat(everything).as("files under the work folder").noneMatch(p -> p.contains("evil")));
    }

    /** A ustar archive of (name, content) pairs. */
    static byte[] tar(Object... nameContent) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < nameContent.length; i += 2) {
            byte[] content = (byte[]) nameContent[i + 1];
            byte[] h = new byte[512];
            put(h, 0, (String) nameContent[i]);
            put(h, 100, "0000644");
            put(h, 108, "0000000");
            put(h, 116, "0000000");
            put(h, 124, String.format("%011o", content.length));
            put(h, 136, "00000000000");
            java.util.Arrays.fill(h, 148, 156, (byte) ' ');
            h[156] = '0';
            put(h, 257, "ustar");
            put(h, 263, "00");
            int sum = 0;
            for (byte b : h) {
                sum += b & 0xff;
            }
            put(h, 148, String.format("%06o", sum));
            h[154] = 0;
            out.writeBytes(h);
            out.writeBytes(content);
            out.writeBytes(new byte[(512 - content.length % 512) % 512]);
        }
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    private static void put(byte[] h, int at, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, at, b.length);
    }

    /** A PNG whose header claims {@code w × h} pixels, with one tiny compressed row of data. */
    static byte[] pngHeaderOnly(int w, int h) {
        ByteBuffer b = ByteBuffer.allocate(1024);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 2).put((byte) 0)
                .put((byte) 0).put((byte) 0);
        chunk(b, "IHDR", ihdr.array());
        Deflater d = new Deflater();
        d.setInput(new byte[1 + 3 * 64]);
        d.finish();
        byte[] z = new byte[256];
        int n = d.deflate(z);
        d.end();
        chunk(b, "IDAT", java.util.Arrays.copyOf(z, n));
        chunk(b, "IEND", new byte[0]);
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    private static void chunk(ByteBuffer b, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        b.putInt(data.length).put(t).put(data).putInt((int) crc.getValue());
    }

    private static String writeQuietly(Path p, byte[] data) {
        try {
            return Files.write(p, data).toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}

package io.clipj.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import io.clipj.testing.SharedAssets;
import io.clipj.weights.npy.Npy;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code embed} on the tiny golden model: outputs against the reference files, and failures in one line. */
class EmbedCommandTest {

    @TempDir
    Path tmp;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = ClipCli.commandLine();
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void pixelValuesAndTextsGiveReferenceEmbeddingsAndLogits() throws IOException {
        Path tiny = SharedAssets.tinyModel();
        Path out = tmp.resolve("out");
        int code = run("embed", "--model", tiny.toString(), "--pixel-values", tiny.resolve("pixel_values.npy").toString(),
                "--texts-file", SharedAssets.path("golden/texts.json").toString(), "--out", out.toString());
        assertThat(code).as("exit code, stderr: %s", err).isZero();
        assertAll(
                () -> assertNpyClose(out.resolve("image_embeds.npy"), tiny.resolve("image_embeds.npy"), 1e-4),
                () -> assertNpyClose(out.resolve("text_embeds.npy"), tiny.resolve("text_embeds.npy"), 1e-4),
                () -> assertNpyClose(out.resolve("logits_per_image.npy"), tiny.resolve("logits_per_image.npy"), 1e-3),
                () -> assertThat(leftovers(out)).as("temporary files left").isEmpty());
    }

    @Test
    void missingImageFailsWithOneLineNamingIt() {
        Path out = tmp.resolve("out");
        int code = run("embed", "--model", SharedAssets.tinyModel().toString(),
                "--images", tmp.resolve("missing.png").toString(), "--out", out.toString());
        assertAll(
                () -> assertThat(code).isEqualTo(1),
                () -> assertThat(err.toString()).contains("missing.png").hasLineCount(1),
                () -> assertThat(Files.exists(out.resolve("image_embeds.npy"))).as("output written").isFalse());
    }

    private static List<Path> leftovers(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    private static void assertNpyClose(Path actualFile, Path expectedFile, double tolerance) throws IOException {
        Npy.Array actual = Npy.read(actualFile);
        Npy.Array expected = Npy.read(expectedFile);
        assertThat(actual.shape()).as(actualFile.toString()).containsExactly(expected.shape());
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            double d = Math.abs(actual.data()[i] - expected.data()[i]);
            if (!(d <= tolerance)) {
                mismatches.add("element " + i + ": " + actual.data()[i] + " vs " + expected.data()[i]);
            }
        }
        assertThat(mismatches).as(actualFile + " vs " + expectedFile + " within " + tolerance).isEmpty();
    }
}

package io.clipj.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipj.testing.SharedAssets;
import io.clipj.weights.npy.Npy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code preprocess} writes golden rows in argument order, and on a bad image fails naming it, writing nothing. */
class PreprocessCommandTest {

    @TempDir
    Path dir;

    private static int run(StringWriter err, String... args) {
        CommandLine cli = ClipCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void writesRowsInArgumentOrder() throws Exception {
        Path tiny = SharedAssets.tinyModel();
        Path out = dir.resolve("x.npy");
        // golden rows 12 (rocket.jpg) and 5 (coffee_lossless.webp), deliberately out of golden order
        int code = run(new StringWriter(), "preprocess", "--model", tiny.toString(), "--out", out.toString(),
                SharedAssets.path("images/rocket.jpg").toString(),
                SharedAssets.path("images/coffee_lossless.webp").toString());
        assertThat(code).isZero();
        Npy.Array got = Npy.read(out);
        Npy.Array golden = Npy.read(tiny.resolve("pixel_values.npy"));
        assertThat(got.shape()).containsExactly(2, 3, 224, 224);
        int n = 3 * 224 * 224;
        assertThat(Arrays.copyOfRange(got.data(), 0, n)).isEqualTo(Arrays.copyOfRange(golden.data(), 12 * n, 13 * n));
        assertThat(Arrays.copyOfRange(got.data(), n, 2 * n)).isEqualTo(Arrays.copyOfRange(golden.data(), 5 * n, 6 * n));
    }

    @Test
    void badImageIsNamedAndNoOutputIsLeft() throws Exception {
        Path out = dir.resolve("bad.npy");
        StringWriter err = new StringWriter();
        String truncated = SharedAssets.path("images/truncated.jpg").toString();
        int code = run(err, "preprocess", "--model", SharedAssets.tinyModel().toString(), "--out", out.toString(),
                SharedAssets.path("images/horse.png").toString(), truncated);
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains(truncated).doesNotContain("\tat ");
        assertThat(err.toString().strip().lines()).hasSize(1);
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void missingModelDirectoryIsNamed() {
        StringWriter err = new StringWriter();
        int code = run(err, "preprocess", "--model", dir.resolve("nope").toString(), "--out",
                dir.resolve("x.npy").toString(), "a.png");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("nope");
    }
}

package io.clipj.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import io.clipj.testing.SharedAssets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User errors: a non-zero exit, one stderr line naming the bad input, and nothing written.
 */
class CliErrorsTest {

    @TempDir
    Path tmp;

    private static String tiny() {
        return SharedAssets.tinyModel().toString();
    }

    private static String pixels() {
        return SharedAssets.path("golden/tiny/pixel_values.npy").toString();
    }

    private static String dataset() {
        return SharedAssets.path("wds/imagenetv2-sample").toString();
    }

    private static void assertOneLineFailure(Cli r, int exit, String... named) {
        assertAll(
                () -> assertThat(r.exit()).as(r.toString()).isEqualTo(exit),
                () -> assertThat(r.errLines()).as(r.toString()).hasSize(1),
                () -> assertThat(r.err()).as(r.toString()).contains(named),
                () -> assertThat(r.out()).isEmpty());
    }

    private void assertNothingWritten() throws IOException {
        try (var files = Files.list(tmp)) {
            assertThat(files.toList()).as("files left in " + tmp).isEmpty();
        }
    }

    @Test
    void missingModelDirectory() throws IOException {
        String missing = tmp.resolve("no-such-model").toString();
        Cli r = Cli.run("embed", "--model", missing, "--pixel-values", pixels(), "--out", tmp.resolve("out").toString());
        assertOneLineFailure(r, 1, missing);
        assertNothingWritten();
    }

    @Test
    void missingImage() throws IOException {
        String missing = tmp.resolve("nope.png").toString();
        Cli r = Cli.run("embed", "--model", tiny(), "--images", missing, "--out", tmp.resolve("out").toString());
        assertOneLineFailure(r, 1, missing);
        assertNothingWritten();
    }

    @Test
    void badFlag() throws IOException {
        Cli r = Cli.run("embed", "--model", tiny(), "--bogus", "--out", tmp.resolve("out").toString());
        assertAll(
                () -> assertThat(r.exit()).isEqualTo(2),
                () -> assertThat(r.errLines().get(0)).contains("--bogus"));
        assertNothingWritten();
    }

    @Test
    void unknownDatasetDirectory() throws IOException {
        String missing = tmp.resolve("no-such-dataset").toString();
        Cli r = Cli.run("zeroshot", "--model", tiny(), "--dataset", missing, "--no-cache", "--out",
                tmp.resolve("R.json").toString());
        assertOneLineFailure(r, 1, missing);
        assertNothingWritten();
        Cli s = Cli.run("similarity", "--model", tiny(), "--dataset", missing, "--heatmap", tmp.resolve("h.png").toString());
        assertOneLineFailure(s, 1, missing);
        Cli m = Cli.run("embedding-map", "--model", tiny(), "--dataset", missing, "--out", tmp.resolve("m.png").toString());
        assertOneLineFailure(m, 1, missing);
        assertNothingWritten();
    }

    @Test
    void outputInsideAnInputIsRefused() throws IOException {
        String insideDataset = SharedAssets.path("wds/imagenetv2-sample").resolve("R.json").toString();
        Cli z = Cli.run("zeroshot", "--model", tiny(), "--dataset", dataset(), "--no-cache", "--out", insideDataset);
        assertOneLineFailure(z, 1, insideDataset, "inside the input directory");

        String insideModel = SharedAssets.tinyModel().resolve("embeds").toString();
        Cli e = Cli.run("embed", "--model", tiny(), "--pixel-values", pixels(), "--out", insideModel);
        assertOneLineFailure(e, 1, "inside the input directory");
        assertThat(Path.of(insideModel)).doesNotExist();

        // the input itself would be overwritten by an output of the same name
        Path input = tmp.resolve("image_embeds.npy");
        Files.copy(Path.of(pixels()), input);
        byte[] before = Files.readAllBytes(input);
        Cli o = Cli.run("embed", "--model", tiny(), "--pixel-values", input.toString(), "--out", tmp.toString());
        assertOneLineFailure(o, 1, input.toString(), "is an input");
        assertThat(Files.readAllBytes(input)).isEqualTo(before);
        try (var files = Files.list(tmp)) {
            assertThat(files.toList()).containsExactly(input);
        }
    }

    @Test
    void badTextsFileNamesTheFile() throws IOException {
        Path texts = tmp.resolve("texts.json");
        Files.writeString(texts, "{\"not\": \"an array\"}");
        Cli r = Cli.run("embed", "--model", tiny(), "--texts-file", texts.toString(), "--out", tmp.resolve("o").toString());
        assertOneLineFailure(r, 1, texts.toString());
        assertThat(tmp.resolve("o")).doesNotExist();
    }
}

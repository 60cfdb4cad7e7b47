package io.clipj.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import io.clipj.testing.SharedAssets;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code embedding-map} on one's own images and texts: folders and files, inline texts or a texts file, the
 * default projection by size, {@code --centre-modalities}, and every misuse refused with one line naming it
 * before anything is written (exit 2 for a command line that cannot work, 1 for a bad input).
 */
class EmbeddingMapOwnDataTest {

    @TempDir
    Path tmp;

    private static String tiny() {
        return SharedAssets.tinyModel().toString();
    }

    private Path photos() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("photos/sub"));
        for (String name : List.of("astronaut.png", "coffee.png", "chelsea.png")) {
            Files.copy(SharedAssets.path("images/" + name), tmp.resolve("photos/" + name));
        }
        Files.copy(SharedAssets.path("images/horse.png"), dir.resolve("horse.png"));
        return tmp.resolve("photos");
    }

    private static Cli map(String... args) {
        List<String> all = new ArrayList<>(List.of("embedding-map", "--model", tiny()));
        all.addAll(Arrays.asList(args));
        return Cli.run(all.toArray(String[]::new));
    }

    @Test
    void folderAndFileWithInlineTextsDrawsAPcaMap() throws IOException {
        Path png = tmp.resolve("map.png");
        Cli r = map("--images", photos().toString(), SharedAssets.path("images/rocket.jpg").toString(),
                "--texts", "an astronaut", "a cup of coffee", "a cat", "--out", png.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        BufferedImage image = ImageIO.read(png.toFile());
        assertAll(
                () -> assertThat(r.out()).contains("PCA map of 5 images and 3 texts"),
                () -> assertThat(r.err()).contains("PCA of 8 points", "--centre-modalities"),
                () -> assertThat(image.getWidth()).isGreaterThan(1000));
    }

    @Test
    void textsFileAndCentringAndTsneOnRequest() throws IOException {
        Path texts = Files.writeString(tmp.resolve("t.json"), "[\"an astronaut\", \"a horse\", \"a cat\"]");
        Path png = tmp.resolve("map.jpg");
        Cli r = map("--images", photos().toString(), "--texts-file", texts.toString(), "--centre-modalities",
                "--method", "tsne", "--out", png.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertAll(
                () -> assertThat(r.out()).contains("t-SNE map of 4 images and 3 texts (modalities centred)"),
                () -> assertThat(r.err()).doesNotContain("--centre-modalities"),
                () -> assertThat(Files.readAllBytes(png)).startsWith(0xFF, 0xD8)); // a JPEG, as named
    }

    @Test
    void onlyTextsOrOnlyImagesAreMapsToo() throws IOException {
        Cli texts = map("--texts", "a", "b", "c", "--out", tmp.resolve("t.png").toString());
        Cli images = map("--images", photos().toString(), "--out", tmp.resolve("i.png").toString());
        assertAll(
                () -> assertThat(texts.exit()).as(texts.toString()).isZero(),
                () -> assertThat(texts.out()).contains("map of 0 images and 3 texts"),
                () -> assertThat(images.exit()).as(images.toString()).isZero(),
                () -> assertThat(images.out()).contains("map of 4 images and 0 texts"));
    }

    @Test
    void moreImagesThanTheLimitAreDrawnAtRandom() throws IOException {
        Cli r = map("--images", photos().toString(), "--texts", "x", "--limit", "2", "--out",
                tmp.resolve("m.png").toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).contains("4 image files, more than --limit 2; drew 2 at random with seed 0");
        assertThat(r.out()).contains("map of 2 images and 1 texts");
    }

    @Test
    void skipBadLeavesTheBrokenImageOut() throws IOException {
        Path dir = photos();
        Files.copy(SharedAssets.path("images/truncated.jpg"), dir.resolve("broken.jpg"));
        Cli strict = map("--images", dir.toString(), "--texts", "x", "--out", tmp.resolve("a.png").toString());
        Cli lenient = map("--images", dir.toString(), "--texts", "x", "--skip-bad", "--out",
                tmp.resolve("b.png").toString());
        assertAll(
                () -> assertThat(strict.exit()).isEqualTo(1),
                () -> assertThat(strict.errLines()).last().asString().contains("broken.jpg"),
                () -> assertThat(Files.exists(tmp.resolve("a.png"))).isFalse(),
                () -> assertThat(lenient.exit()).as(lenient.toString()).isZero(),
                () -> assertThat(lenient.err()).contains("skipped: ", "broken.jpg"),
                () -> assertThat(lenient.out()).contains("map of 4 images and 1 texts"));
    }

    @Test
    void missingImageOrTextsFileIsNamed() {
        String missing = tmp.resolve("nope.png").toString();
        Cli image = map("--images", missing, "--texts", "x", "--out", tmp.resolve("m.png").toString());
        String missingTexts = tmp.resolve("nope.json").toString();
        Cli texts = map("--texts-file", missingTexts, "--out", tmp.resolve("m.png").toString());
        assertAll(
                () -> assertOneLine(image, 1, missing),
                () -> assertOneLine(texts, 1, missingTexts),
                () -> assertThat(tmp.resolve("m.png")).doesNotExist());
    }

    @Test
    void commandLinesThatCannotWorkAreUsageErrors() {
        String out = tmp.resolve("m.png").toString();
        String ds = SharedAssets.path("wds/imagenetv2-sample").toString();
        assertAll(
                () -> assertOneLine(map("--out", out), 2, "nothing to map"),
                () -> assertOneLine(map("--dataset", ds, "--texts", "x", "--out", out), 2, "one source"),
                () -> assertOneLine(map("--texts", "x", "--texts-file", "t.json", "--out", out), 2, "--texts-file"),
                () -> assertOneLine(map("--dataset", ds, "--skip-bad", "--out", out), 2, "--skip-bad"),
                () -> assertOneLine(map("--texts", "a", "b", "--method", "umap", "--out", out), 2, "umap"),
                () -> assertThat(tmp.resolve("m.png")).doesNotExist());
    }

    @Test
    void badValuesAreNamed() {
        String out = tmp.resolve("m.png").toString();
        assertAll(
                () -> assertOneLine(map("--texts", "only one", "--out", out), 1, "at least 2 points"),
                () -> assertOneLine(map("--texts", "a", "b", "--limit", "0", "--out", out), 1, "--limit 0"),
                () -> assertOneLine(map("--texts", "a", "b", "--limit", "3001", "--out", out), 1, "--limit 3001"),
                () -> assertOneLine(map("--texts", "a", "b", "--out", tmp.resolve("m.gif").toString()), 1, "m.gif"),
                () -> assertThat(tmp.resolve("m.png")).doesNotExist());
    }

    private static void assertOneLine(Cli r, int exit, String named) {
        assertThat(r.exit()).as(r.toString()).isEqualTo(exit);
        // a usage error adds picocli's "Try ... --help" line
        assertThat(r.errLines()).as(r.toString()).hasSize(exit == 2 ? 2 : 1);
        assertThat(r.errLines().get(0)).as(r.toString()).contains(named);
        assertThat(r.out()).isEmpty();
    }
}

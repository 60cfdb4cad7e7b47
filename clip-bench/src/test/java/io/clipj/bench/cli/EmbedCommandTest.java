package io.clipj.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import io.clipj.testing.SharedAssets;
import io.clipj.weights.npy.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code embed} against golden/tiny: from pixel values and from PNG/lossless WebP files. */
class EmbedCommandTest {

    private static final double EMBED_TOLERANCE = 1e-4;
    private static final double LOGIT_TOLERANCE = 1e-3;

    /** Rows of golden/tiny/inputs.json "images" decoded identically by every decoder (PNG, lossless WebP). */
    private static final String[] EXACT_IMAGES = {"astronaut.png", "camera.png", "chelsea.png", "coffee.png",
        "coffee_lossless.webp", "foo3x5x4indexed.png", "horse.png", "motorcycle_left.png", "page.png"};
    private static final int[] EXACT_ROWS = {0, 1, 2, 4, 5, 6, 7, 10, 11};

    @TempDir
    Path tmp;

    @Test
    void pixelValuesAndTextsMatchGolden() throws IOException {
        Path tiny = SharedAssets.tinyModel();
        Path out = tmp.resolve("out");
        Cli r = Cli.run("embed", "--model", tiny.toString(), "--pixel-values", tiny.resolve("pixel_values.npy").toString(),
                "--texts-file", SharedAssets.path("golden/texts.json").toString(), "--out", out.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        List<String> mismatches = new ArrayList<>();
        mismatches.addAll(GoldenArrays.compareRows(out.resolve("image_embeds.npy"), tiny.resolve("image_embeds.npy"),
                null, EMBED_TOLERANCE));
        mismatches.addAll(GoldenArrays.compareRows(out.resolve("text_embeds.npy"), tiny.resolve("text_embeds.npy"),
                null, EMBED_TOLERANCE));
        mismatches.addAll(GoldenArrays.compareRows(out.resolve("logits_per_image.npy"),
                tiny.resolve("logits_per_image.npy"), null, LOGIT_TOLERANCE));
        assertThat(mismatches).isEmpty();
        assertThat(r.out()).contains("image_embeds.npy [14, 16]", "text_embeds.npy [25, 16]",
                "logits_per_image.npy [14, 25]");
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList())
                    .as("temporary files left").isEmpty();
        }
    }

    @Test
    void imageFilesMatchGoldenRows() throws IOException {
        Path tiny = SharedAssets.tinyModel();
        Path out = tmp.resolve("files");
        List<String> args = new ArrayList<>(List.of("embed", "--model", tiny.toString(), "--texts-file",
                SharedAssets.path("golden/texts.json").toString(), "--out", out.toString(), "--images"));
        for (String name : EXACT_IMAGES) {
            args.add(SharedAssets.path("images/" + name).toString());
        }
        Cli r = Cli.run(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.toString()).isZero();
        List<String> mismatches = new ArrayList<>(GoldenArrays.compareRows(out.resolve("image_embeds.npy"),
                tiny.resolve("image_embeds.npy"), EXACT_ROWS, EMBED_TOLERANCE));
        int[] allTexts = java.util.stream.IntStream.range(0, 25).toArray();
        mismatches.addAll(GoldenArrays.compareBlock(Npy.read(out.resolve("logits_per_image.npy")),
                Npy.read(tiny.resolve("logits_per_image.npy")), EXACT_ROWS, allTexts, LOGIT_TOLERANCE));
        assertThat(mismatches).isEmpty();
    }

    @Test
    void imagesOnlyWritesOnlyImageEmbeddings() throws IOException {
        Path tiny = SharedAssets.tinyModel();
        Path out = tmp.resolve("img");
        Cli r = Cli.run("embed", "--model", tiny.toString(), "--images",
                SharedAssets.path("images/horse.png").toString(), "--out", out.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder("image_embeds.npy", "manifest.json");
        }
        assertThat(GoldenArrays.compareRows(out.resolve("image_embeds.npy"), tiny.resolve("image_embeds.npy"),
                new int[] {7}, EMBED_TOLERANCE)).isEmpty();
    }

    @Test
    void textsOnlyMatchGolden() throws IOException {
        Path tiny = SharedAssets.tinyModel();
        Path out = tmp.resolve("txt");
        Cli r = Cli.run("embed", "--model", tiny.toString(), "--texts-file",
                SharedAssets.path("golden/texts.json").toString(), "--out", out.toString());
        assertAll(
                () -> assertThat(r.exit()).as(r.toString()).isZero(),
                () -> assertThat(out.resolve("image_embeds.npy")).doesNotExist(),
                () -> assertThat(GoldenArrays.compareRows(out.resolve("text_embeds.npy"), tiny.resolve("text_embeds.npy"),
                        null, EMBED_TOLERANCE)).isEmpty());
    }

    @Test
    void missingImageFailsWithOneLineNamingIt() {
        Path out = tmp.resolve("out");
        Cli r = Cli.run("embed", "--model", SharedAssets.tinyModel().toString(),
                "--images", tmp.resolve("missing.png").toString(), "--out", out.toString());
        assertAll(
                () -> assertThat(r.exit()).isEqualTo(1),
                () -> assertThat(r.err()).contains("missing.png").hasLineCount(1),
                () -> assertThat(Files.exists(out.resolve("image_embeds.npy"))).as("output written").isFalse());
    }
}

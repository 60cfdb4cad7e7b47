package io.clipj.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipj.testing.SharedAssets;
import io.clipj.weights.npy.Npy;
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

/** {@code similarity}: the table's values against golden/tiny, the dataset experiment and its heatmap. */
class SimilarityCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void explicitImagesAndTextsTableEqualsGoldenCosine() throws IOException {
        Path tiny = SharedAssets.tinyModel();
        JsonNode inputs = JSON.readTree(tiny.resolve("inputs.json").toFile());
        String[] texts = {inputs.get("texts").get(0).asText(), inputs.get("texts").get(3).asText(),
            inputs.get("texts").get(7).asText()};
        int[] textCols = {0, 3, 7};
        String[] images = {"astronaut.png", "horse.png"};
        int[] imageRows = {0, 7};
        List<String> args = new ArrayList<>(List.of("similarity", "--model", tiny.toString(), "--images"));
        for (String image : images) {
            args.add(SharedAssets.path("images/" + image).toString());
        }
        args.add("--texts");
        args.addAll(Arrays.asList(texts));
        Cli r = Cli.run(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.toString()).isZero();

        Npy.Array logits = Npy.read(tiny.resolve("logits_per_image.npy")); // [14, 25] = scale × cosine
        double scale = Math.exp(inputs.get("logit_scale").asDouble());
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < images.length; i++) {
            String prefix = images[i] + " ";
            String row = r.out().lines().filter(l -> l.startsWith(prefix)).findFirst().orElse(null);
            if (row == null) {
                mismatches.add("no table row for " + images[i]);
                continue;
            }
            String[] cells = row.trim().split("\\s+");
            for (int t = 0; t < texts.length; t++) {
                double expected = logits.data()[imageRows[i] * 25 + textCols[t]] / scale;
                double actual = Double.parseDouble(cells[1 + t]);
                if (Math.abs(actual - expected) > 1e-4) {
                    mismatches.add(images[i] + " x t" + (t + 1) + ": " + actual + ", golden " + expected);
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void datasetSamplesPairEachImageWithItsClassAndDrawHeatmap() throws IOException {
        Path heatmap = tmp.resolve("similarity.png");
        Cli r = Cli.run("similarity", "--model", SharedAssets.tinyModel().toString(), "--dataset",
                SharedAssets.path("wds/imagenetv2-sample").toString(), "--samples", "10", "--seed", "0",
                "--heatmap", heatmap.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode golden = JSON.readTree(SharedAssets.path("golden/tiny/zeroshot/zeroshot.json").toFile());
        List<String> classNames = Files.readAllLines(SharedAssets.path("wds/imagenetv2-sample/classnames.txt"));
        List<String> expectedTexts = new ArrayList<>();
        List<String> expectedRows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String name = classNames.get(golden.get("labels").get(i).asInt()).strip();
            expectedTexts.add("t" + (i + 1) + " a photo of a " + name + ".");
            expectedRows.add(golden.get("keys").get(i).asText() + " (" + name + ")");
        }
        List<String> lines = cosineTable(r.out()).lines().map(String::strip).toList();
        BufferedImage png = ImageIO.read(heatmap.toFile());
        assertAll(
                () -> assertThat(lines.stream().map(l -> l.replaceAll("\\s+", " ")).toList())
                        .containsAll(expectedTexts),
                () -> assertThat(lines.stream().filter(l -> l.startsWith("s00000")).map(l -> l.replaceAll(
                        "\\s+-?\\d\\.\\d{4}", "")).toList()).isEqualTo(expectedRows),
                () -> assertThat(png).isNotNull(),
                () -> assertThat(png.getWidth()).isGreaterThan(10 * 58),
                () -> assertThat(png.getHeight()).isGreaterThan(10 * 58));
    }

    @Test
    void sameSeedSameSamples() {
        String[] args = {"similarity", "--model", SharedAssets.tinyModel().toString(), "--dataset",
            SharedAssets.path("wds/imagenetv2-sample").toString(), "--samples", "3", "--seed", "7"};
        Cli a = Cli.run(args);
        Cli b = Cli.run(args);
        assertAll(
                () -> assertThat(a.exit()).as(a.toString()).isZero(),
                () -> assertThat(a.out()).isEqualTo(b.out()),
                () -> assertThat(cosineTable(a.out()).lines().filter(l -> l.startsWith("s00000")).count())
                        .isEqualTo(3));
    }

    /** The model branch's case: three images and three texts, the table and a heatmap of at least 3 × 84 px. */
    @Test
    void tableMatchesReferenceAndHeatmapIsWritten() throws IOException {
        Path tiny = SharedAssets.tinyModel();
        List<String> images = List.of("astronaut.png", "camera.png", "coffee.png");
        int[] imageRows = {0, 1, 4};
        List<String> texts = List.of("a photo of a cat", "an astronaut", "a black and white photo of a man with a camera");
        int[] textCols = {0, 3, 5};
        List<String> args = new ArrayList<>(List.of("similarity", "--model", tiny.toString(), "--images"));
        images.forEach(name -> args.add(SharedAssets.path("images/" + name).toString()));
        args.add("--texts");
        args.addAll(texts);
        Path png = tmp.resolve("heatmap.png");
        args.addAll(List.of("--heatmap", png.toString()));
        Cli r = Cli.run(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.toString()).isZero();

        Npy.Array logits = Npy.read(tiny.resolve("logits_per_image.npy"));
        double scale = Math.exp(3.9);
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            String prefix = images.get(i) + " ";
            String[] cells = r.out().lines().filter(l -> l.startsWith(prefix)).findFirst().orElse(prefix).trim()
                    .split("\\s+");
            for (int j = 0; j < texts.size(); j++) {
                double expected = logits.get(imageRows[i], textCols[j]) / scale;
                double actual = cells.length > j + 1 ? Double.parseDouble(cells[j + 1]) : Double.NaN;
                if (!(Math.abs(actual - expected) <= 1e-4)) {
                    mismatches.add(images.get(i) + " x t" + (j + 1) + ": " + actual + ", golden " + expected);
                }
            }
        }
        BufferedImage heatmap = ImageIO.read(png.toFile());
        assertAll(
                () -> assertThat(mismatches).isEmpty(),
                () -> assertThat(heatmap).as("heatmap PNG").isNotNull(),
                () -> assertThat(heatmap.getWidth()).isGreaterThan(3 * 84));
    }

    /** Stdout up to the probabilities table. */
    static String cosineTable(String out) {
        int p = out.indexOf("probabilities (");
        return p < 0 ? out : out.substring(0, p);
    }

    @Test
    void jsonOutputJpegHeatmapAndTooManySamples() throws IOException {
        Path json = tmp.resolve("S.json");
        Path jpeg = tmp.resolve("h.jpg");
        Cli r = Cli.run("similarity", "--model", SharedAssets.tinyModel().toString(), "--dataset",
                SharedAssets.path("wds/imagenetv2-sample").toString(), "--samples", "50", "--seed", "0",
                "--heatmap", jpeg.toString(), "--out", json.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode s = JSON.readTree(json.toFile());
        byte[] head = Files.readAllBytes(jpeg);
        double rowSum = 0;
        for (JsonNode p : s.get("probabilities").get(0)) {
            rowSum += p.asDouble();
        }
        double sum = rowSum;
        assertAll(
                () -> assertThat(r.err()).contains("warning: --samples 50", "only 10 sample(s)"),
                () -> assertThat(s.get("images")).hasSize(10),
                () -> assertThat(s.get("texts")).hasSize(10),
                () -> assertThat(s.get("cosine")).hasSize(10),
                () -> assertThat(s.get("logits_per_image").get(2).get(3).asDouble()).isCloseTo(
                        s.get("logit_scale").asDouble() * s.get("cosine").get(2).get(3).asDouble(),
                        org.assertj.core.data.Offset.offset(1e-3)),
                () -> assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5)),
                () -> assertThat(r.out()).contains("probabilities (softmax").doesNotContain("-0.0000"),
                () -> assertThat(head[0] & 0xff).isEqualTo(0xFF),
                () -> assertThat(head[1] & 0xff).isEqualTo(0xD8),
                () -> assertThat(ImageIO.read(jpeg.toFile())).isNotNull());

        Cli gif = Cli.run("similarity", "--model", SharedAssets.tinyModel().toString(), "--dataset",
                SharedAssets.path("wds/imagenetv2-sample").toString(), "--heatmap", tmp.resolve("h.gif").toString());
        assertThat(gif.exit()).isEqualTo(1);
        assertThat(gif.errLines()).hasSize(1);
        assertThat(gif.err()).contains("h.gif", ".png or .jpg");
        assertThat(tmp.resolve("h.gif")).doesNotExist();
    }

    @Test
    void roundTicksAndNoNegativeZero() {
        assertThat(io.clipj.bench.plot.Ticks.step(0.07, 0.29, 5)).isEqualTo(0.05);
        assertThat(io.clipj.bench.plot.Ticks.inside(0.07, 0.29, 0.05)).hasSize(4);
        assertThat(io.clipj.bench.plot.Ticks.format(-0.0001, 2)).isEqualTo("0.00");
        assertThat(io.clipj.bench.plot.Ticks.format(-0.01, 2)).isEqualTo("-0.01");
        assertThat(io.clipj.bench.plot.Ticks.decimals(0.05)).isEqualTo(2);
    }
}

package io.clipj.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertAll;

import io.clipj.testing.SharedAssets;
import io.clipj.weights.npy.Npy;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code similarity} on the tiny golden model: the table's cosines against the reference logits, and the heatmap. */
class SimilarityCommandTest {

    @TempDir
    Path tmp;

    @Test
    void tableMatchesReferenceAndHeatmapIsWritten() throws IOException {
        Path tiny = SharedAssets.tinyModel();
        // golden rows 0, 1, 4 (astronaut.png, camera.png, coffee.png) and texts 0, 3, 5
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
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = ClipCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args.toArray(String[]::new));
        assertThat(code).as("exit code, stderr: %s", err).isZero();

        Npy.Array logits = Npy.read(tiny.resolve("logits_per_image.npy"));
        double scale = Math.exp(3.9);
        String[] lines = out.toString().split("\n");
        List<Executable> checks = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            String[] cells = lines[i + 1].trim().split("\\s+");
            checks.add(() -> assertThat(cells[0]).isIn(images));
            for (int j = 0; j < texts.size(); j++) {
                double expected = logits.get(imageRows[i], textCols[j]) / scale;
                double actual = Double.parseDouble(cells[j + 1]);
                String where = images.get(i) + " x T" + (j + 1);
                checks.add(() -> assertThat(actual).as(where).isCloseTo(expected, within(1e-4)));
            }
        }
        BufferedImage heatmap = ImageIO.read(png.toFile());
        checks.add(() -> assertThat(heatmap).as("heatmap PNG").isNotNull());
        checks.add(() -> assertThat(heatmap.getWidth()).isGreaterThan(3 * 84));
        assertAll(checks);
    }
}

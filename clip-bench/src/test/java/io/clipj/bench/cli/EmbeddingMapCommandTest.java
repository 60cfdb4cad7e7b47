package io.clipj.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import io.clipj.bench.plot.ScatterPlot;
import io.clipj.testing.SharedAssets;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** {@code embedding-map}: a PNG of the fixed figure size for both projections. */
class EmbeddingMapCommandTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"tsne", "pca"})
    void writesMapOfExpectedSize(String method) throws IOException {
        Path png = tmp.resolve(method + ".png");
        Cli r = Cli.run("embedding-map", "--model", SharedAssets.tinyModel().toString(), "--dataset",
                SharedAssets.path("wds/imagenetv2-sample").toString(), "--method", method, "--limit", "10",
                "--out", png.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        BufferedImage image = ImageIO.read(png.toFile());
        assertAll(
                () -> assertThat(image.getWidth()).isEqualTo(ScatterPlot.WIDTH),
                () -> assertThat(image.getHeight()).isEqualTo(ScatterPlot.HEIGHT),
                () -> assertThat(r.out()).contains("map of 10 images and 10 class texts"));
    }
}

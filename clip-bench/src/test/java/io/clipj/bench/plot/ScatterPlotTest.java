package io.clipj.bench.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link ScatterPlot}: the data's bounds fill the plot less a fixed inset; big maps render at the fixed size. */
class ScatterPlotTest {

    @Test
    void boundsFillThePlotLessTheInset() {
        ScatterPlot.Axis axis = ScatterPlot.Axis.fitted(-0.3, 0.9, 760);
        assertThat(axis.pixel(-0.3)).isCloseTo(36, within(1e-9));
        assertThat(axis.pixel(0.9)).isCloseTo(760 - 36, within(1e-9));
        // a single point (zero span) sits in the middle instead of dividing by zero
        ScatterPlot.Axis point = ScatterPlot.Axis.fitted(2, 2, 620);
        assertThat(point.pixel(2)).isCloseTo(310, within(1e-9));
        assertThat(point.ticks()).isNotEmpty();
    }

    @Test
    void aCrowdedMapWithMoreLabelsThanTriedRenders() {
        Random random = new Random(5);
        List<ScatterPlot.Point> images = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            images.add(new ScatterPlot.Point(random.nextGaussian(), random.nextGaussian(), i % 30, "img" + i + ".jpg"));
        }
        List<ScatterPlot.Point> texts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int c = 0; c < 30; c++) {
            texts.add(new ScatterPlot.Point(random.nextGaussian() + 3, random.nextGaussian(), c, "class " + c));
            names.add("class " + c);
        }
        BufferedImage image = ScatterPlot.render("t-SNE", "t-SNE", images, texts,
                new ScatterPlot.Legend("Class", names, "image", "class text"));
        assertThat(image.getWidth()).isEqualTo(ScatterPlot.WIDTH);
        assertThat(image.getHeight()).isEqualTo(ScatterPlot.HEIGHT);
    }
}

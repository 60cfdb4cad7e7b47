package io.clipj.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipj.internal.image.ImageFormat;
import io.clipj.testing.SharedAssets;
import io.clipj.weights.npy.Npy;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ICO, TIFF, PPM/PGM/PBM and TGA samples (resources {@code io/clipj/image/formats}, made by {@code make_samples.py}
 * with Pillow 9.4) decode to exactly PIL's {@code convert("RGB")} pixels and preprocess to exactly
 * CLIPImageProcessor's values (every 7th row and column of the [3, 224, 224] output is stored).
 */
class FormatSamplesTest {

    private static ClipImageProcessor processor;

    @BeforeAll
    static void load() throws IOException {
        processor = ClipImageProcessor.load(SharedAssets.tinyModel());
    }

    static Path folder() throws URISyntaxException {
        return Path.of(FormatSamplesTest.class.getResource("formats/README.md").toURI()).getParent();
    }

    static Stream<String> samples() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(folder())) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(n -> !n.endsWith(".npy") && !n.endsWith(".md") && !n.endsWith(".py")).sorted().toList();
            return names.stream();
        }
    }

    @Test
    void everyFormatIsCovered() throws Exception {
        List<String> names = samples().toList();
        assertThat(names).hasSizeGreaterThanOrEqualTo(20);
        for (String ext : new String[] {".ico", ".tif", ".tiff", ".ppm", ".pgm", ".pbm", ".tga"}) {
            assertThat(names).anyMatch(n -> n.endsWith(ext));
        }
        // an icon named .png is recognised by its content
        assertThat(ImageFormat.sniff(Files.readAllBytes(folder().resolve("icon_named_png.png"))))
                .isEqualTo(ImageFormat.ICO);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void decodesToPilPixels(String name) throws Exception {
        Path file = folder().resolve(name);
        Npy.Array rgb = Npy.read(folder().resolve(name + ".rgb.npy"));
        RgbImage ours = new ImageDecoder().decode(file);
        assertThat(new int[] {ours.height(), ours.width()}).as(name + " size")
                .containsExactly(rgb.shape()[0], rgb.shape()[1]);
        int differing = 0;
        String first = null;
        for (int i = 0; i < rgb.size(); i++) {
            if ((ours.rgb()[i] & 0xff) != (int) rgb.data()[i]) {
                if (first == null) {
                    first = "sample " + i + " (y " + i / 3 / ours.width() + ", x " + i / 3 % ours.width() + ", c "
                            + i % 3 + "): ours " + (ours.rgb()[i] & 0xff) + ", PIL " + (int) rgb.data()[i];
                }
                differing++;
            }
        }
        assertThat(differing).as("%s: %d of %d samples differ from PIL, first %s", name, differing, rgb.size(), first)
                .isZero();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void preprocessesToClipImageProcessorValues(String name) throws Exception {
        Npy.Array expected = Npy.read(folder().resolve(name + ".pixels.npy"));
        assertThat(expected.shape()).containsExactly(3, 32, 32);
        float[] ours = processor.preprocess(folder().resolve(name));
        assertThat(ours).hasSize(3 * 224 * 224);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    float want = expected.get(c, y, x);
                    float got = ours[(c * 224 + 7 * y) * 224 + 7 * x];
                    assertThat(got).as("%s [%d, %d, %d]", name, c, 7 * y, 7 * x).isEqualTo(want);
                }
            }
        }
    }
}

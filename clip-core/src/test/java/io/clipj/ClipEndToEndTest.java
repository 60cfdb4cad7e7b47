package io.clipj;

import static io.clipj.testutil.Close.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertAll;

import io.clipj.testing.SharedAssets;
import io.clipj.testutil.Golden;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * From image files to embeddings on the tiny golden model. PNG and lossless WebP decode to the same uint8
 * pixels as PIL by construction; the project's own JPEG and lossy WebP decoding also reproduces PIL's pixels
 * on the golden images, so every golden row must meet the float32 tolerance against the reference.
 */
class ClipEndToEndTest {

    private static Clip clip;

    @BeforeAll
    static void load() throws IOException {
        clip = Clip.load(Golden.tinyDir());
    }

    @AfterAll
    static void close() throws IOException {
        clip.close();
    }

    @Test
    void everyGoldenImageFileMatchesReference() throws IOException {
        List<String> names = Golden.imageNames();
        List<Path> files = new ArrayList<>();
        for (String name : names) {
            files.add(SharedAssets.path("images/" + name));
        }
        assertThat(names).as("golden images").hasSize(14)
                .anyMatch(n -> n.endsWith(".jpg")).anyMatch(n -> n.endsWith("_lossy.webp"));
        float[][] actual = clip.embedImageFiles(files);
        assertClose("image_embeds of " + names, actual, Golden.npy("image_embeds.npy"), 1e-4);
    }

    @Test
    void bufferedImagesGiveTheSameEmbeddingsAsFiles() throws IOException {
        Path file = SharedAssets.path("images/astronaut.png");
        BufferedImage image = ImageIO.read(file.toFile());
        assertClose("BufferedImage vs file", clip.embedImages(List.of(image)), clip.embedImageFiles(List.of(file)), 1e-6);
    }

    @Test
    void badFilesAreNamed() {
        Path missing = Golden.tinyDir().resolve("no-such-image.png");
        Path truncated = SharedAssets.path("images/truncated.jpg");
        assertAll(
                () -> assertThatThrownBy(() -> clip.embedImageFiles(List.of(missing)))
                        .isInstanceOf(InputException.class).hasMessageContaining("no-such-image.png"),
                () -> assertThatThrownBy(() -> clip.embedImageFiles(List.of(SharedAssets.path("images/astronaut.png"), truncated)))
                        .isInstanceOf(InputException.class).hasMessageStartingWith("image 1: ")
                        .hasMessageContaining("truncated.jpg")
                        .satisfies(e -> assertThat(((InputException) e).index()).isEqualTo(1)),
                () -> assertThatThrownBy(() -> Clip.load(Path.of("/no/such/model")))
                        .isInstanceOf(ModelLoadException.class).hasMessageContaining("/no/such/model"),
                () -> assertThatThrownBy(() -> clip.embedPixels(new float[][] {new float[10]}))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("image 0 has 10 pixel values, expected 150528"));
    }
}

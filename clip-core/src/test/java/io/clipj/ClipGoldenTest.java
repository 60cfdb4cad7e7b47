package io.clipj;

import static io.clipj.testutil.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertAll;

import io.clipj.testutil.Golden;
import io.clipj.weights.npy.Npy;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tiny golden model (F32 safetensors) against OpenAI's reference outputs, from the golden pixel values
 * and token ids: embeddings within 1e-4 and logits within 1e-3 (shared/golden/README.md).
 */
class ClipGoldenTest {

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
    void imageTextEmbedsAndLogitsMatchReference() throws IOException {
        float[][] images = clip.embedPixels(Golden.pixelValues());
        float[][] texts = clip.embedTokenIds(Golden.inputIds());
        SimilarityResult result = clip.similarity(images, texts);
        Npy.Array logits = Golden.npy("logits_per_image.npy");
        assertAll(
                () -> assertClose("image_embeds", images, Golden.npy("image_embeds.npy"), 1e-4),
                () -> assertClose("text_embeds", texts, Golden.npy("text_embeds.npy"), 1e-4),
                () -> assertClose("logits_per_image", result.logitsPerImage(), logits, 1e-3),
                () -> assertClose("logits_per_text", transpose(result.logitsPerText()), logits, 1e-3));
    }

    @Test
    void batchOfOneEqualsWholeBatch() throws IOException {
        float[][] pixels = Golden.pixelValues();
        List<int[]> ids = Golden.inputIds();
        float[][] images = clip.embedPixels(pixels);
        float[][] texts = clip.embedTokenIds(ids);
        try (Clip single = Clip.builder(Golden.tinyDir()).batchSize(1).build()) {
            float[][] oneImage = single.embedPixels(pixels);
            float[][] oneText = single.embedTokenIds(ids);
            assertAll(
                    () -> assertClose("images batch 1 vs " + pixels.length, oneImage, images, 1e-5),
                    () -> assertClose("texts batch 1 vs " + ids.size(), oneText, texts, 1e-5));
        }
    }

    private static float[][] transpose(float[][] m) {
        float[][] t = new float[m[0].length][m.length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[i].length; j++) {
                t[j][i] = m[i][j];
            }
        }
        return t;
    }
}

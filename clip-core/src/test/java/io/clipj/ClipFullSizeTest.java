package io.clipj;

import static io.clipj.testutil.Close.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import io.clipj.internal.model.TextTower;
import io.clipj.testing.SharedAssets;
import io.clipj.weights.fixtures.RandomCheckpoint;
import io.clipj.weights.config.ClipConfigs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The full-size ViT-B/32 architecture (151M parameters, random weights written to a temporary directory)
 * runs one image and one text end to end: nothing in the graphs is tied to the tiny test model's sizes.
 */
class ClipFullSizeTest {

    @TempDir
    Path dir;

    @Test
    void vitB32RunsOneImageAndOneText() throws IOException {
        RandomCheckpoint.write(dir, ClipConfigs.vitB32(), 7, RandomCheckpoint.Format.SAFETENSORS,
                SharedAssets.path("models/clip-vit-base-patch32"));
        try (Clip clip = Clip.load(dir)) {
            float[][] image = clip.embedImageFiles(List.of(SharedAssets.path("images/astronaut.png")));
            float[][] text = clip.embedTexts(List.of("a photo of an astronaut"));
            int[] ids = {49406, 320, 1125, 539, 550, 18376, 49407};
            TextTower tower = clip.textTower();
            float[][] shortest = tower.embed(new int[][] {ids});
            float[][] full = tower.embed(new int[][] {ids}, 77);
            SimilarityResult result = clip.similarity(image, text);
            assertAll(
                    () -> assertThat(image).hasDimensions(1, 512),
                    () -> assertThat(text).hasDimensions(1, 512),
                    () -> assertThat(allFinite(image[0])).as("image embedding finite").isTrue(),
                    () -> assertThat(allFinite(text[0])).as("text embedding finite").isTrue(),
                    () -> assertThat(result.cosine()[0][0]).isBetween(-1f, 1f),
                    () -> assertClose("full size: dynamic length vs 77", shortest, full, 1e-5));
        }
    }

    private static boolean allFinite(float[] v) {
        for (float x : v) {
            if (!Float.isFinite(x)) {
                return false;
            }
        }
        return true;
    }
}

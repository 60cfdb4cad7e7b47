package io.clipj.internal.engine;

import static io.clipj.testutil.Close.assertClose;

import io.clipj.internal.model.ImageTower;
import io.clipj.internal.model.TextTower;
import io.clipj.testing.SharedAssets;
import io.clipj.weights.Checkpoint;
import io.clipj.weights.Checkpoints;
import io.clipj.weights.config.ClipConfig;
import io.clipj.weights.config.ClipConfigs;
import io.clipj.weights.fixtures.RandomCheckpoint;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compiled executor against SameDiff's on the full-size ViT-B/32 (random weights written to a temporary
 * directory), both towers, to 1e-4: the tiny model's test cannot catch what only full widths exercise
 * (oneDNN's blocked weight layouts and kernel choices at 768/3072 columns, 12 heads, 50 and 77 rows).
 * One image batch and one text batch keep the run short.
 */
class CompiledFullSizeTest {

    private static final double TOLERANCE = 1e-4;

    @TempDir
    static Path dir;

    @Test
    void imageTowerMatchesSameDiffAtFullSize() throws Exception {
        Path model = model();
        ClipConfig config = ClipConfig.load(model);
        Random random = new Random(3);
        float[][] pixels;
        float[][] reference;
        try (Checkpoint c = Checkpoints.open(model)) {
            ImageTower sameDiff = ImageTower.build(config, c, false);
            pixels = new float[2][sameDiff.pixelsPerImage()];
            for (float[] p : pixels) {
                for (int i = 0; i < p.length; i++) {
                    p[i] = random.nextFloat() * 4 - 2;
                }
            }
            reference = sameDiff.embed(pixels);
        }
        try (Checkpoint c = Checkpoints.open(model)) {
            ImageTower compiled = ImageTower.build(config, c, true);
            assertClose("image tower, batch 2, compiled vs SameDiff", compiled.embed(pixels), reference, TOLERANCE);
            assertClose("image tower, batch 1, compiled vs SameDiff", compiled.embed(new float[][] {pixels[1]}),
                    new float[][] {reference[1]}, TOLERANCE);
        }
    }

    @Test
    void textTowerMatchesSameDiffAtFullSize() throws Exception {
        Path model = model();
        ClipConfig config = ClipConfig.load(model);
        Random random = new Random(5);
        int[][] ids = new int[3][];
        int[] lengths = {7, 19, 77};
        for (int s = 0; s < ids.length; s++) {
            ids[s] = new int[lengths[s]];
            ids[s][0] = 49406;
            for (int t = 1; t < lengths[s] - 1; t++) {
                ids[s][t] = random.nextInt(49000);
            }
            ids[s][lengths[s] - 1] = 49407;
        }
        float[][] reference;
        try (Checkpoint c = Checkpoints.open(model)) {
            reference = TextTower.build(config, c, false).embed(ids);
        }
        try (Checkpoint c = Checkpoints.open(model)) {
            TextTower compiled = TextTower.build(config, c, true);
            assertClose("text tower, lengths 7/19/77, compiled vs SameDiff", compiled.embed(ids), reference,
                    TOLERANCE);
            assertClose("text tower, length 7 alone, compiled vs SameDiff", compiled.embed(new int[][] {ids[0]}),
                    new float[][] {reference[0]}, TOLERANCE);
        }
    }

    private static synchronized Path model() throws Exception {
        if (!java.nio.file.Files.exists(dir.resolve("config.json"))) {
            RandomCheckpoint.write(dir, ClipConfigs.vitB32(), 42, RandomCheckpoint.Format.SAFETENSORS,
                    SharedAssets.path("models/clip-vit-base-patch32"));
        }
        return dir;
    }
}

package io.clipj.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipj.internal.model.ImageTower;
import io.clipj.internal.model.TextTower;
import io.clipj.testutil.Golden;
import io.clipj.weights.Checkpoint;
import io.clipj.weights.Checkpoints;
import io.clipj.weights.config.ClipConfig;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The compiled executor against SameDiff's on the tiny golden model, several batch sizes and lengths. */
class CompiledExecutorTest {

    private static final double TOLERANCE = 1e-5;

    @Test
    void imageTowerMatchesSameDiff() throws Exception {
        ClipConfig config = ClipConfig.load(Golden.tinyDir());
        try (Checkpoint a = Checkpoints.open(Golden.tinyDir()); Checkpoint b = Checkpoints.open(Golden.tinyDir())) {
            ImageTower reference = ImageTower.build(config, a, false);
            ImageTower compiled = ImageTower.build(config, b, true);
            Random random = new Random(7);
            for (int batch : new int[] {1, 3, 5}) {
                float[][] pixels = new float[batch][compiled.pixelsPerImage()];
                for (float[] p : pixels) {
                    for (int i = 0; i < p.length; i++) {
                        p[i] = random.nextFloat() * 4 - 2;
                    }
                }
                assertClose(compiled.embed(pixels), reference.embed(pixels));
                assertClose(compiled.embed(pixels), reference.embed(pixels)); // a reused plan
            }
        }
    }

    @Test
    void textTowerMatchesSameDiff() throws Exception {
        ClipConfig config = ClipConfig.load(Golden.tinyDir());
        try (Checkpoint a = Checkpoints.open(Golden.tinyDir()); Checkpoint b = Checkpoints.open(Golden.tinyDir())) {
            TextTower reference = TextTower.build(config, a, false);
            TextTower compiled = TextTower.build(config, b, true);
            Random random = new Random(11);
            for (int[] shape : new int[][] {{1, 77}, {2, 5}, {4, 12}, {3, 1}}) {
                int[][] ids = new int[shape[0]][shape[1]];
                for (int[] seq : ids) {
                    for (int t = 0; t < seq.length; t++) {
                        seq[t] = t == seq.length - 1 ? 49407 : random.nextInt(49000);
                    }
                }
                assertClose(compiled.embed(ids), reference.embed(ids));
            }
        }
    }

    private static void assertClose(float[][] actual, float[][] expected) {
        assertThat(actual.length).isEqualTo(expected.length);
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                assertThat((double) actual[i][j]).as("row %d col %d", i, j)
                        .isCloseTo(expected[i][j], org.assertj.core.data.Offset.offset(TOLERANCE));
            }
        }
    }
}

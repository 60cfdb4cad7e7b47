package io.clipj.internal.model;

import static io.clipj.testutil.Close.assertClose;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertAll;

import io.clipj.testutil.Golden;
import io.clipj.weights.Checkpoint;
import io.clipj.weights.Checkpoints;
import io.clipj.weights.config.ClipConfig;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The text tower's shortened runs and its input checks, on the tiny golden model. */
class TextTowerTest {

    private static Checkpoint checkpoint;
    private static TextTower tower;
    private static ClipConfig config;

    @BeforeAll
    static void build() throws IOException {
        config = ClipConfig.load(Golden.tinyDir());
        checkpoint = Checkpoints.open(Golden.tinyDir());
        tower = TextTower.build(config, checkpoint);
    }

    @AfterAll
    static void close() throws IOException {
        checkpoint.close();
    }

    @Test
    void runningUpToTheLastEndTokenEqualsTheFullContext() {
        int[][] ids = Golden.inputIds().toArray(int[][]::new);
        float[][] full = tower.embed(ids, config.text().maxPositionEmbeddings());
        float[][] shortest = tower.embed(ids);
        float[][] shortOne = tower.embed(new int[][] {ids[3]});
        float[][] fullOne = tower.embed(new int[][] {ids[3]}, config.text().maxPositionEmbeddings());
        assertAll(
                () -> assertClose("dynamic length vs 77", shortest, full, 1e-5),
                () -> assertClose("full 77 vs reference", full, Golden.npy("text_embeds.npy"), 1e-4),
                () -> assertClose("4-token text alone vs 77", shortOne, fullOne, 1e-5));
    }

    @Test
    void tokensAfterTheEndTokenDoNotMatter() {
        int[] ids = Golden.inputIds().get(0);
        int[] padded = new int[ids.length + 5];
        System.arraycopy(ids, 0, padded, 0, ids.length);
        java.util.Arrays.fill(padded, ids.length, padded.length, 49407);
        assertClose("padded with end tokens", tower.embed(new int[][] {padded}), tower.embed(new int[][] {ids}), 1e-6);
    }

    @Test
    void badInputsAreNamed() {
        assertAll(
                () -> assertThatThrownBy(() -> tower.embed(new int[][] {{49406, 320, 49407}, {}}))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sequence 1 is empty"),
                () -> assertThatThrownBy(() -> tower.embed(new int[][] {{49406, 50000, 49407}}))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("sequence 0 has id 50000 at position 1"),
                () -> assertThatThrownBy(() -> tower.embed(new int[][] {tooLong()}))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("beyond the context length 77"));
    }

    private static int[] tooLong() {
        int[] ids = new int[80];
        java.util.Arrays.fill(ids, 320);
        ids[0] = 49406;
        ids[79] = 49407;
        return ids;
    }

}

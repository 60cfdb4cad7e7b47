package io.clipj.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipj.internal.model.ImageTower;
import io.clipj.internal.model.TextTower;
import io.clipj.testutil.Golden;
import io.clipj.weights.Checkpoint;
import io.clipj.weights.Checkpoints;
import io.clipj.weights.config.ClipConfig;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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

    @Test
    void plansOfAThreadStayWithinTheirBudget() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, -1); // [N, W]
        sd.math().square(x).add("out", 1.0); // [N, W]
        CompiledGraph graph = CompiledGraph.prepare(sd, "out");
        // Many small shapes: kept up to the count.
        for (int n = 1; n <= CompiledGraph.PLANS_PER_THREAD + 8; n++) {
            INDArray out = graph.run(Map.of("x", Nd4j.ones(DataType.FLOAT, n, 3).muli(2)));
            assertThat(out.getFloat(n - 1, 2)).isEqualTo(5f);
        }
        assertThat(graph.plansOfThisThread()).hasSize(CompiledGraph.PLANS_PER_THREAD);
        // Large shapes: kept up to the bytes, the newest always.
        int width = 1 << 20;
        for (int n = 1; n <= 6; n++) {
            INDArray out = graph.run(Map.of("x", Nd4j.ones(DataType.FLOAT, n, width)));
            assertThat(out.getFloat(n - 1, width - 1)).isEqualTo(2f);
            List<CompiledPlan> plans = graph.plansOfThisThread();
            long bytes = plans.stream().mapToLong(CompiledPlan::arenaBytes).sum();
            assertThat(plans.size() == 1 || bytes <= CompiledGraph.PLAN_BYTES_PER_THREAD)
                    .as("%d plans holding %d bytes", plans.size(), bytes).isTrue();
        }
        assertThat(graph.plansOfThisThread().get(graph.plansOfThisThread().size() - 1).arenaBytes())
                .isGreaterThanOrEqualTo(6L * width * 4);
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

package io.clipj.internal.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import io.clipj.testutil.Golden;
import io.clipj.weights.Checkpoint;
import io.clipj.weights.Checkpoints;
import io.clipj.weights.ClipWeights;
import io.clipj.weights.config.ClipConfig;
import io.clipj.weights.config.ClipConfigs;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The key tree is written once for validation ({@link ClipWeights#expected}) and walked once by the model's
 * scopes ({@link GraphParams}): each tower must read exactly its tensors in that list, with the same shapes.
 * ({@code logit_scale} belongs to neither tower; {@code Clip} reads it.)
 */
class CheckpointKeysTest {

    @Test
    void towersReadExactlyTheExpectedTensorsOfTheTinyGoldenModel() throws IOException {
        ClipConfig config = ClipConfig.load(Golden.tinyDir());
        try (Checkpoint checkpoint = Checkpoints.open(Golden.tinyDir())) {
            assertReadsAreExpected(config, checkpoint);
        }
    }

    @Test
    void towersReadExactlyTheExpectedTensorsOfAFullSizeVitB32() throws IOException {
        ClipConfig config = ClipConfigs.vitB32();
        try (Checkpoint checkpoint = new ExpectedCheckpoint(config)) {
            assertReadsAreExpected(config, checkpoint);
        }
    }

    private static void assertReadsAreExpected(ClipConfig config, Checkpoint checkpoint) throws IOException {
        Map<String, long[]> image = ImageTower.build(config, checkpoint).tensorsRead();
        Map<String, long[]> text = TextTower.build(config, checkpoint).tensorsRead();
        List<Executable> checks = new ArrayList<>();
        checks.addAll(sameTensors("image tower", image,
                ClipWeights.expected(config, EnumSet.of(ClipWeights.Tower.VISION))));
        checks.addAll(sameTensors("text tower", text, ClipWeights.expected(config, EnumSet.of(ClipWeights.Tower.TEXT))));
        assertAll(checks);
    }

    private static List<Executable> sameTensors(String tower, Map<String, long[]> read, Map<String, long[]> expected) {
        List<Executable> checks = new ArrayList<>();
        checks.add(() -> assertThat(read.keySet()).as("%s: keys read", tower)
                .containsExactlyInAnyOrderElementsOf(expected.keySet()));
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            checks.add(() -> assertThat(read.get(e.getKey())).as("%s: shape of %s", tower, e.getKey())
                    .isEqualTo(e.getValue()));
        }
        return checks;
    }
}

package io.clipj.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clipj.testing.SharedAssets;
import java.io.IOException;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class WeightScopeTest {

    @Test
    void walksTheKeyTreeAndChecksShapes() throws IOException {
        try (Checkpoint c = Checkpoints.open(SharedAssets.tinyModel())) {
            WeightScope layer = WeightScope.root(c).pp("vision_model").pp("encoder").pp("layers").pp(1);
            assertThat(layer.key("mlp.fc1.weight")).isEqualTo("vision_model.encoder.layers.1.mlp.fc1.weight");
            FloatBuffer dst = FloatBuffer.allocate(256 * 64);
            layer.pp("mlp").pp("fc1").read("weight", dst, 256, 64);
            assertThat(dst.array()).isEqualTo(c.readFloats("vision_model.encoder.layers.1.mlp.fc1.weight"));
            assertThatThrownBy(() -> layer.pp("mlp").pp("fc1").read("weight", FloatBuffer.allocate(256 * 64), 64, 256))
                    .hasMessageContaining("vision_model.encoder.layers.1.mlp.fc1.weight")
                    .hasMessageContaining("[256, 64], expected [64, 256]");
            assertThatThrownBy(() -> layer.floats("nothing"))
                    .hasMessageContaining("vision_model.encoder.layers.1.nothing");
        }
    }
}

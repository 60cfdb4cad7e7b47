package io.clipj.internal.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertAll;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The two activations {@code hidden_act} may name, against PyTorch's definitions. */
class ClipMlpTest {

    private static final float[] X = {-6f, -3f, -1.5f, -1f, -0.5f, -0.1f, 0f, 0.1f, 0.5f, 1f, 1.5f, 3f, 6f};

    /** {@code 0.5·x·(1 + math.erf(x/√2))} from Python's math module (torch.nn.functional.gelu). */
    private static final double[] GELU = {-5.919525869479969e-09, -0.00404969409489031, -0.10021080190328713,
        -0.15865525393145707, -0.15426876936299344, -0.0460172162722971, 0.0, 0.053982783727702904,
        0.34573123063700656, 0.8413447460685429, 1.399789198096713, 2.99595030590511, 5.999999994080474};

    @Test
    void quickGeluIsXTimesSigmoidOf1702X() {
        float[] y = run("quick_gelu");
        List<Executable> checks = new ArrayList<>();
        for (int i = 0; i < X.length; i++) {
            double expected = X[i] / (1 + Math.exp(-1.702 * X[i]));
            int index = i;
            checks.add(() -> assertThat((double) y[index]).as("quick_gelu(%s)", X[index]).isCloseTo(expected, within(1e-6)));
        }
        assertAll(checks);
    }

    @Test
    void geluIsExactErfGelu() {
        float[] y = run("gelu");
        List<Executable> checks = new ArrayList<>();
        for (int i = 0; i < X.length; i++) {
            int index = i;
            checks.add(() -> assertThat((double) y[index]).as("gelu(%s)", X[index]).isCloseTo(GELU[index], within(1e-6)));
        }
        assertAll(checks);
    }

    private static float[] run(String act) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1);
        ClipMlp.activation(sd, x, act).rename("y");
        INDArray out = sd.output(Map.of("x", Nd4j.createFromArray(X)), "y").get("y");
        return out.toFloatVector();
    }
}

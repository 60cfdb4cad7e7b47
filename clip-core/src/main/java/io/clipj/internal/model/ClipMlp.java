package io.clipj.internal.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * HF {@code CLIPMLP}: {@code fc2(act(fc1(x)))} with the activation named by {@code hidden_act}; the encoder
 * layer's {@code layer_norm2} affine is folded into {@code fc1}.
 *
 * <p>Immutable after construction; used by one thread while a graph is built.
 */
final class ClipMlp {

    private static final double INV_SQRT2 = 1.0 / Math.sqrt(2.0);

    private final Linear fc1;
    private final Linear fc2;
    private final String hiddenAct;

    /** The MLP at {@code vs} ({@code ...layers.i.mlp}), reading the output of {@code norm}. */
    ClipMlp(GraphParams vs, EncoderSpec spec, LayerNorm norm) {
        this.fc1 = Linear.load(vs.pp("fc1"), spec.width(), spec.intermediate(), norm);
        this.fc2 = Linear.load(vs.pp("fc2"), spec.intermediate(), spec.width(), true);
        this.hiddenAct = spec.hiddenAct();
    }

    /** {@code x}: {@code [N, W]} rows of {@code norm} without its affine part; returns {@code [N, W]}. */
    SDVariable forward(SDVariable x) {
        SDVariable h = fc1.forward(x); // [N, I]
        h = activation(x.getSameDiff(), h, hiddenAct); // [N, I]
        return fc2.forward(h); // [N, W]
    }

    static SDVariable activation(SameDiff sd, SDVariable x, String hiddenAct) {
        switch (hiddenAct) {
            case "quick_gelu":
                // ND4J's gelu is the sigmoid approximation x·σ(1.702x), which is exactly QuickGELU
                // (checked in ClipMlpTest).
                return sd.nn().gelu(x);
            case "gelu":
                // Exact GELU, 0.5·x·(1 + erf(x/√2)), as torch.nn.functional.gelu; ND4J has no such op.
                return x.mul(0.5).mul(sd.math().erf(x.mul(INV_SQRT2)).add(1.0));
            default:
                throw new IllegalArgumentException("hidden_act '" + hiddenAct + "' is not supported");
        }
    }
}

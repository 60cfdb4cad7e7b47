package io.clipj.internal.engine;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A graph op the engine has no kernel of its own for (embedding gathers, the class-token pad, a strided
 * slice), run through ND4J on an {@link OpContext} preset once with its inputs, outputs and arguments: no
 * shape inference and no allocation per call.
 *
 * <p>Not thread-safe: belongs to one plan (the op object itself is shared and only read).
 */
final class Nd4jStep implements Step {

    private final Op legacy;
    private final CustomOp custom;
    private final Tensor[] in;
    private final INDArray[] constants; // per input: a constant, or null where in[i] is a plan tensor
    private final Tensor[] out;
    private OpContext context;

    Nd4jStep(Object op, Tensor[] in, INDArray[] constants, Tensor[] out) {
        this.custom = op instanceof CustomOp c ? c : null;
        this.legacy = custom == null ? (Op) op : null;
        this.in = in;
        this.constants = constants;
        this.out = out;
    }

    /** A context with {@code op}'s arguments, for shape inference and execution. */
    static OpContext context(Object op) {
        OpContext ctx = Nd4j.getExecutioner().buildContext();
        if (op instanceof DynamicCustomOp d) {
            ctx.setIArguments(d.iArgs());
            ctx.setTArguments(d.tArgs());
            ctx.setBArguments(d.bArgs());
            ctx.setDArguments(d.dArgs());
        } else if (op instanceof Op o && o.extraArgs() != null && o.extraArgs().length > 0) {
            double[] t = new double[o.extraArgs().length];
            for (int i = 0; i < t.length; i++) {
                t[i] = ((Number) o.extraArgs()[i]).doubleValue();
            }
            ctx.setTArguments(t);
        }
        return ctx;
    }

    @Override
    public void bind() {
        context = context(custom != null ? custom : legacy);
        INDArray[] inputs = new INDArray[in.length];
        for (int i = 0; i < in.length; i++) {
            inputs[i] = in[i] != null ? in[i].array() : constants[i];
        }
        INDArray[] outputs = new INDArray[out.length];
        for (int i = 0; i < out.length; i++) {
            outputs[i] = out[i].array();
        }
        context.setInputArrays(inputs);
        context.setOutputArrays(outputs);
    }

    @Override
    public void run() {
        if (custom != null) {
            Nd4j.getExecutioner().exec(custom, context);
        } else {
            Nd4j.getExecutioner().exec(legacy, context);
        }
    }

    @Override
    public String kind() {
        return "nd4j:" + (custom != null ? custom.opName() : legacy.opName());
    }

    @Override
    public Tensor[] inputs() {
        return java.util.Arrays.stream(in).filter(java.util.Objects::nonNull).toArray(Tensor[]::new);
    }

    @Override
    public Tensor[] outputs() {
        return out;
    }
}

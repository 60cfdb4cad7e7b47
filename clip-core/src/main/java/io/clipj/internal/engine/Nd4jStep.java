package io.clipj.internal.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BaseTransformOp;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.ScalarOp;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
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

    /**
     * The step for {@code op}, its outputs shaped once here.
     *
     * @param args     per input: a plan {@link Tensor} or a constant {@link INDArray}
     * @param outputs  how many outputs the graph names
     * @param declared the graph's type of the first output (used for transform and scalar ops), or null
     */
    static Nd4jStep forOp(DifferentialFunction op, Object[] args, int outputs, DataType declared) {
        Tensor[] in = new Tensor[args.length];
        INDArray[] constants = new INDArray[args.length];
        INDArray[] probe = new INDArray[args.length];
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof Tensor t) {
                in[i] = t;
                probe[i] = Nd4j.createUninitialized(t.type(), t.shape);
            } else {
                constants[i] = (INDArray) args[i];
                probe[i] = constants[i];
            }
        }
        List<long[]> shapes = new ArrayList<>();
        List<DataType> types = new ArrayList<>();
        if (op instanceof CustomOp c) {
            OpContext ctx = context(op);
            ctx.setInputArrays(probe);
            for (LongShapeDescriptor d : Nd4j.getExecutioner().calculateOutputShape(c, ctx)) {
                shapes.add(d.getShape());
                types.add(d.dataType());
            }
        } else if (op instanceof BaseTransformOp || op instanceof ScalarOp) {
            shapes.add(probe[0].shape());
            types.add(declared == null ? probe[0].dataType() : declared);
        } else {
            throw new UnsupportedOperationException("the compiled executor cannot run op " + op.opName());
        }
        for (int i = 0; i < args.length; i++) {
            if (in[i] != null) {
                probe[i].close();
            }
        }
        Tensor[] out = new Tensor[outputs];
        for (int i = 0; i < out.length; i++) {
            out[i] = Tensor.dense(types.get(i), shapes.get(i));
        }
        return new Nd4jStep(op, in, constants, out);
    }

    /** Runs {@code op} on constants once, at compile time (shape arithmetic); returns its outputs. */
    static INDArray[] runNow(DifferentialFunction op, Object[] args) {
        if (!(op instanceof CustomOp c)) {
            throw new UnsupportedOperationException("cannot precompute op " + op.opName());
        }
        OpContext ctx = context(op);
        ctx.setInputArrays(Arrays.stream(args).map(INDArray.class::cast).toArray(INDArray[]::new));
        List<LongShapeDescriptor> shapes = Nd4j.getExecutioner().calculateOutputShape(c, ctx);
        INDArray[] out = new INDArray[shapes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Nd4j.create(shapes.get(i));
        }
        ctx.setOutputArrays(out);
        Nd4j.getExecutioner().exec(c, ctx);
        return out;
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
        return Arrays.stream(in).filter(Objects::nonNull).toArray(Tensor[]::new);
    }

    @Override
    public Tensor[] outputs() {
        return out;
    }
}

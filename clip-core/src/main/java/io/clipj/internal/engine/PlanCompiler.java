package io.clipj.internal.engine;

import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_swish;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.ops.impl.shape.Permute;
import org.nd4j.linalg.api.ops.impl.shape.Reshape;
import org.nd4j.linalg.api.ops.impl.shape.Shape;
import org.nd4j.linalg.api.ops.impl.shape.Unstack;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.strict.GELU;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.ScalarOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Compiles a SameDiff graph, for fixed placeholder shapes, into a {@link CompiledPlan}: walks the ops in
 * execution order and turns each into a step whose shapes, memory and arguments are fixed once.
 * <ul>
 *   <li>{@code matmul} by a packed weight, with the {@code add} of a bias, a {@code gelu} and the residual
 *       {@code add} that follow it: one oneDNN matmul ({@link MatmulStep});</li>
 *   <li>{@code moments}, {@code subtract}, {@code add_scalar}, {@code rsqrt}, {@code multiply} (and a following
 *       {@code multiply}/{@code add} by γ/β): one {@link LayerNormStep};</li>
 *   <li>{@code reshape} of a dense value, {@code permute} and {@code unstack} along axis 0: views, no step;
 *       rank-4 {@code matmul} of views (with an additive mask after it): one oneDNN matmul on strided heads,
 *       written in the layout its {@code permute} consumer reads as dense; {@code softmax}: {@link SoftmaxStep};</li>
 *   <li>ops on constants only (shape arithmetic): evaluated here, once;</li>
 *   <li>every other op: ND4J's kernel on a preset context ({@link Nd4jStep}).</li>
 * </ul>
 *
 * <p>Not thread-safe: one compiler per plan; the graph and packed weights are only read.
 */
final class PlanCompiler {

    private final SameDiff sd;
    private final PackedWeights weights;
    private final String output;
    private final Map<String, Object> values = new HashMap<>(); // variable -> Tensor or constant INDArray
    private final Set<String> fused = new HashSet<>();
    private final List<Step> steps = new ArrayList<>();

    private PlanCompiler(SameDiff sd, PackedWeights weights, String output) {
        this.sd = sd;
        this.weights = weights;
        this.output = output;
    }

    /**
     * @param inputs each placeholder's name and shape
     * @param output the variable the plan computes
     */
    static CompiledPlan compile(SameDiff sd, PackedWeights weights, Map<String, long[]> inputs, String output) {
        PlanCompiler c = new PlanCompiler(sd, weights, output);
        Map<String, Tensor> in = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : inputs.entrySet()) {
            Tensor t = Tensor.dense(sd.getVariable(e.getKey()).dataType(), e.getValue());
            c.values.put(e.getKey(), t);
            in.put(e.getKey(), t);
        }
        for (SameDiffOp op : sd.getOps().values()) {
            if (!c.fused.contains(op.getName())) {
                c.compile(op);
            }
        }
        Object out = c.values.get(output);
        if (!(out instanceof Tensor result)) {
            throw new IllegalStateException("output '" + output + "' does not depend on the inputs");
        }
        return CompiledPlan.layOut(c.steps, in, result);
    }

    private void compile(SameDiffOp op) {
        DifferentialFunction f = op.getOp();
        List<String> ins = op.getInputsToOp() == null ? List.of() : op.getInputsToOp();
        Object[] args = new Object[ins.size()];
        boolean allConstant = true;
        for (int i = 0; i < args.length; i++) {
            args[i] = value(ins.get(i));
            allConstant &= args[i] instanceof INDArray;
        }
        List<String> outs = op.getOutputsOfOp();
        if (f instanceof Shape && args[0] instanceof Tensor t) {
            values.put(outs.get(0), Nd4j.createFromArray(t.shape));
        } else if (allConstant) {
            INDArray[] out = Nd4jStep.runNow(f, args);
            for (int i = 0; i < outs.size(); i++) {
                values.put(outs.get(i), out[i]);
            }
        } else if (f instanceof Mmul m && linear(op, m, args) || f instanceof Mmul m2 && batched(op, m2, args)) {
            return;
        } else if (f instanceof org.nd4j.linalg.api.ops.impl.reduce.Moments && layerNorm(op, args)) {
            return;
        } else if (f instanceof Reshape r && args[0] instanceof Tensor t && t.isDense()) {
            values.put(outs.get(0), t.reshape(Shapes.reshapeTarget(r, args, t)));
        } else if (f instanceof Permute p && args[0] instanceof Tensor t && args.length == 1) {
            values.put(outs.get(0), t.permute(Shapes.toInt(p.iArgs())));
        } else if (f instanceof Unstack u && args[0] instanceof Tensor t && u.iArgs()[0] == 0) {
            for (int i = 0; i < outs.size(); i++) {
                values.put(outs.get(i), t.index0(i));
            }
        } else if (f instanceof SoftMax s && args[0] instanceof Tensor t && t.type() == DataType.FLOAT) {
            int axis = (int) (s.iArgs().length == 0 ? -1 : s.iArgs()[0]);
            axis = axis < 0 ? axis + t.rank() : axis;
            Tensor dst = newOutput(outs.get(0), t.shape, true);
            steps.add(new SoftmaxStep(t, dst, axis));
        } else {
            DataType declared = outs.isEmpty() ? null : sd.getVariable(outs.get(0)).dataType();
            Nd4jStep step = Nd4jStep.forOp(f, args, outs.size(), declared);
            for (int i = 0; i < outs.size(); i++) {
                values.put(outs.get(i), step.outputs()[i]);
            }
            steps.add(step);
        }
    }

    /** {@code x·Wᵀ} by a packed weight, with bias, activation and residual add fused when they follow. */
    private boolean linear(SameDiffOp op, Mmul m, Object[] args) {
        if (!(args[0] instanceof Tensor x) || x.rank() != 2 || x.type() != DataType.FLOAT
                || !Arrays.equals(m.iArgs(), new long[] {0, 1, 0}) || !plainProduct(m)) {
            return false;
        }
        PackedWeights.Packed w = weights.get(op.getInputsToOp().get(1));
        if (w == null || w.k() != x.shape[1]) {
            return false;
        }
        String cur = op.getOutputsOfOp().get(0);
        long[] shape = {x.shape[0], w.n()};
        INDArray bias = null;
        SameDiffOp next = single(cur);
        if (next != null && next.getOp() instanceof AddOp && value(other(next, cur)) instanceof INDArray b
                && b.length() == w.n() && b.rank() <= 2) {
            bias = Constants.dense(b);
            cur = take(next);
            next = single(cur);
        }
        boolean gelu = false;
        if (next != null && next.getOp() instanceof GELU) {
            gelu = true;
            cur = take(next);
            next = single(cur);
        }
        Tensor residual = null;
        if (next != null && next.getOp() instanceof AddOp && value(other(next, cur)) instanceof Tensor r
                && Arrays.equals(r.shape, shape) && r.type() == DataType.FLOAT) {
            residual = r;
            cur = take(next);
        }
        Tensor dst = newOutput(cur, shape, true);
        MatmulStep step = new MatmulStep("linear", x, w, bias, dst);
        if (gelu) {
            step.activation(dnnl_eltwise_swish, MatmulStep.QUICK_GELU_ALPHA);
        }
        if (residual != null) {
            step.add(residual);
        }
        steps.add(step);
        return true;
    }

    /** A (batched) product of two plan values, e.g. attention scores, with an additive mask fused. */
    private boolean batched(SameDiffOp op, Mmul m, Object[] args) {
        if (!(args[0] instanceof Tensor a) || !(args[1] instanceof Tensor b) || a.rank() != b.rank() || a.rank() < 2
                || a.type() != DataType.FLOAT || b.type() != DataType.FLOAT || !plainProduct(m)) {
            return false;
        }
        long[] t = m.iArgs();
        if (t.length < 2 || t.length > 2 && t[2] != 0) {
            return false;
        }
        Tensor src = t[0] != 0 ? a.transposeLast() : a;
        Tensor wei = t[1] != 0 ? b.transposeLast() : b;
        int r = src.rank();
        if (src.shape[r - 1] != wei.shape[r - 2]) {
            return false;
        }
        long[] shape = src.shape.clone();
        shape[r - 1] = wei.shape[r - 1];
        String cur = op.getOutputsOfOp().get(0);
        Tensor mask = null;
        SameDiffOp next = single(cur);
        if (next != null && next.getOp() instanceof AddOp && value(other(next, cur)) instanceof Tensor k
                && k.type() == DataType.FLOAT && k.rank() <= r && Shapes.broadcasts(k.shape, shape)) {
            mask = Shapes.padRank(k, r);
            cur = take(next);
        }
        Tensor dst = newOutput(cur, shape, true);
        MatmulStep step = new MatmulStep("attention_matmul", src, wei, dst);
        if (mask != null) {
            step.add(mask);
        }
        steps.add(step);
        return true;
    }

    /** moments → subtract, add_scalar → rsqrt → multiply [→ multiply γ → add β]: one LayerNorm kernel. */
    private boolean layerNorm(SameDiffOp op, Object[] args) {
        if (!(args[0] instanceof Tensor x) || x.rank() != 2 || x.type() != DataType.FLOAT) {
            return false;
        }
        DynamicCustomOp moments = (DynamicCustomOp) op.getOp();
        if (!Arrays.equals(moments.iArgs(), new long[] {1})) {
            return false;
        }
        String xName = op.getInputsToOp().get(0);
        String mean = op.getOutputsOfOp().get(0);
        String var = op.getOutputsOfOp().get(1);
        SameDiffOp sub = single(mean);
        SameDiffOp addEps = single(var);
        if (sub == null || !(sub.getOp() instanceof org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp)
                || !sub.getInputsToOp().equals(List.of(xName, mean))
                || addEps == null || !(addEps.getOp() instanceof org.nd4j.linalg.api.ops.impl.scalar.ScalarAdd)) {
            return false;
        }
        SameDiffOp rsqrt = single(addEps.getOutputsOfOp().get(0));
        if (rsqrt == null || !(rsqrt.getOp() instanceof org.nd4j.linalg.api.ops.impl.transforms.floating.RSqrt)) {
            return false;
        }
        String subOut = sub.getOutputsOfOp().get(0);
        String rsqrtOut = rsqrt.getOutputsOfOp().get(0);
        SameDiffOp mul = single(subOut);
        if (mul == null || single(rsqrtOut) != mul || !new HashSet<>(mul.getInputsToOp()).equals(Set.of(subOut, rsqrtOut))
                || !(mul.getOp() instanceof org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp)) {
            return false;
        }
        float eps = ((ScalarOp) addEps.getOp()).scalar().getFloat(0);
        List.of(sub, addEps, rsqrt).forEach(this::take);
        String cur = take(mul);
        long w = x.shape[1];
        INDArray gamma = null;
        INDArray beta = null;
        SameDiffOp scale = single(cur);
        if (scale != null && scale.getOp() instanceof org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp
                && value(other(scale, cur)) instanceof INDArray g && g.length() == w) {
            SameDiffOp shift = single(scale.getOutputsOfOp().get(0));
            if (shift != null && shift.getOp() instanceof AddOp
                    && value(other(shift, scale.getOutputsOfOp().get(0))) instanceof INDArray b && b.length() == w) {
                gamma = Constants.dense(g);
                beta = Constants.dense(b);
                take(scale);
                cur = take(shift);
            }
        }
        fused.add(op.getName());
        Tensor dst = newOutput(cur, x.shape, true);
        steps.add(new LayerNormStep(x, dst, eps, gamma, beta));
        return true;
    }

    /** A fresh output for {@code name}; if {@code strided} and its one reader is a permute, laid out for it. */
    private Tensor newOutput(String name, long[] shape, boolean strided) {
        Tensor t;
        SameDiffOp next = single(name);
        if (strided && next != null && next.getOp() instanceof Permute p && next.getInputsToOp().size() == 1) {
            int[] order = Shapes.toInt(p.iArgs());
            long[] permuted = new long[order.length];
            int[] inverse = new int[order.length];
            for (int i = 0; i < order.length; i++) {
                permuted[i] = shape[order[i]];
                inverse[order[i]] = i;
            }
            t = Tensor.dense(DataType.FLOAT, permuted).permute(inverse);
        } else {
            t = Tensor.dense(DataType.FLOAT, shape);
        }
        values.put(name, t);
        return t;
    }

    private Object value(String name) {
        if (name == null) {
            return null;
        }
        Object v = values.get(name);
        if (v == null) {
            if (sd.getVariable(name).getVariableType() != VariableType.CONSTANT) {
                throw new IllegalStateException("variable '" + name + "' is used before it is computed");
            }
            v = sd.getArrForVarName(name);
            values.put(name, v);
        }
        return v;
    }

    /** The one op that reads {@code var}, or null if there are none, several, or {@code var} is the output. */
    private SameDiffOp single(String var) {
        if (var.equals(output)) {
            return null;
        }
        List<String> readers = sd.getVariables().get(var).getInputsForOp();
        if (readers == null || new LinkedHashSet<>(readers).size() != 1) {
            return null;
        }
        SameDiffOp op = sd.getOps().get(readers.get(0));
        return fused.contains(op.getName()) ? null : op;
    }

    /** The input of a two-input {@code op} that is not {@code var} (null if {@code var} is both). */
    private static String other(SameDiffOp op, String var) {
        List<String> in = op.getInputsToOp();
        if (in.size() != 2 || in.get(0).equals(in.get(1))) {
            return null;
        }
        return in.get(0).equals(var) ? in.get(1) : in.get(0);
    }

    /** Marks {@code op} as fused into the step being built; returns its output. */
    private String take(SameDiffOp op) {
        fused.add(op.getName());
        return op.getOutputsOfOp().get(0);
    }

    private static boolean plainProduct(Mmul m) {
        double[] t = m.tArgs();
        return t.length == 0 || t[0] == 1.0 && (t.length < 2 || t[1] == 0.0);
    }

}

package io.clipj.internal.engine;

import static org.bytedeco.dnnl.global.dnnl.*;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc;
import org.bytedeco.dnnl.dnnl_post_ops;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One oneDNN matmul {@code dst = act(src·B + bias) + residual}. Two uses:
 * <ul>
 *   <li>a linear layer, {@code B} a weight packed once ({@link PackedWeights}), bias, QuickGELU (swish with
 *       alpha 1.702) or exact GELU and the residual add fused as post-ops;</li>
 *   <li>attention's batched products, {@code src} and {@code B} strided per-head views of the fused q/k/v rows
 *       ({@link Tensor}), an additive mask as a post-op, and {@code dst} in whatever strided layout the next
 *       step wants (the context goes straight into {@code [T, D]} rows).</li>
 * </ul>
 * Math mode strict: float32 throughout, no silent bf16.
 *
 * <p>Not thread-safe: belongs to one plan.
 */
final class MatmulStep implements Step {

    /** QuickGELU {@code x·σ(1.702x)} is oneDNN's swish with this alpha. */
    static final float QUICK_GELU_ALPHA = 1.702f;

    private final String kind;
    private final Tensor src;
    private final Tensor weights; // null when packed
    private final PackedWeights.Packed packed;
    private final INDArray bias; // [N] or null
    private final List<float[]> eltwise = new ArrayList<>(); // {algorithm, alpha}
    private Tensor addend; // binary add post-op, broadcast to dst
    private int eltwiseBeforeAdd;
    private final Tensor dst;
    private Dnnl.Call call;

    /** A linear layer on a packed weight. */
    MatmulStep(String kind, Tensor src, PackedWeights.Packed packed, INDArray bias, Tensor dst) {
        this.kind = kind;
        this.src = src;
        this.weights = null;
        this.packed = packed;
        this.bias = bias;
        this.dst = dst;
    }

    /** A (batched) product of two plan tensors. */
    MatmulStep(String kind, Tensor src, Tensor weights, Tensor dst) {
        this.kind = kind;
        this.src = src;
        this.weights = weights;
        this.packed = null;
        this.bias = null;
        this.dst = dst;
    }

    /** Appends an eltwise post-op (e.g. {@code dnnl_eltwise_swish}, alpha). */
    void activation(int algorithm, float alpha) {
        eltwise.add(new float[] {algorithm, alpha});
    }

    /** Adds {@code t} (same rank as dst, broadcast over size-1 axes) after the activations. */
    void add(Tensor t) {
        addend = t;
        eltwiseBeforeAdd = eltwise.size();
    }

    @Override
    public void bind() {
        dnnl_memory_desc srcMd = Dnnl.strided(dnnl_f32, src.shape, src.strides);
        dnnl_memory_desc wMd = packed != null ? packed.md() : Dnnl.strided(dnnl_f32, weights.shape, weights.strides);
        dnnl_memory_desc dstMd = Dnnl.strided(dnnl_f32, dst.shape, dst.strides);
        dnnl_memory_desc biasMd = bias == null ? null : Dnnl.strided(dnnl_f32, new long[] {1, bias.length()},
                new long[] {bias.length(), 1});
        dnnl_primitive_attr attr = Dnnl.strictAttr();
        dnnl_memory_desc addMd = null;
        if (!eltwise.isEmpty() || addend != null) {
            dnnl_post_ops ops = new dnnl_post_ops();
            Dnnl.check(dnnl_post_ops_create(ops), "post ops");
            for (float[] e : eltwise) {
                Dnnl.check(dnnl_post_ops_append_eltwise(ops, (int) e[0], e[1], 0f), "eltwise post op");
            }
            if (addend != null) {
                addMd = Dnnl.strided(dnnl_f32, addend.shape, addend.strides);
                Dnnl.check(dnnl_post_ops_append_binary(ops, dnnl_binary_add, addMd), "binary post op");
            }
            Dnnl.check(dnnl_primitive_attr_set_post_ops(attr, ops), "set post ops");
        }
        dnnl_primitive_desc pd = new dnnl_primitive_desc();
        Dnnl.check(dnnl_matmul_primitive_desc_create(pd, Dnnl.engine(), srcMd, wMd, biasMd, dstMd, attr),
                kind + " matmul " + src + " x " + (packed != null ? "packed [" + packed.k() + ", " + packed.n() + "]"
                        : weights) + " -> " + dst);
        List<Integer> kinds = new ArrayList<>(List.of(DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST));
        List<dnnl_memory> mems = new ArrayList<>(List.of(Dnnl.memory(srcMd, src.address()),
                Dnnl.memory(wMd, packed != null ? packed.address() : weights.address()),
                Dnnl.memory(dstMd, dst.address())));
        if (bias != null) {
            kinds.add(DNNL_ARG_BIAS);
            mems.add(Dnnl.memory(biasMd, Constants.address(bias)));
        }
        if (addend != null) {
            kinds.add(DNNL_ARG_ATTR_MULTIPLE_POST_OP_BASE * (eltwiseBeforeAdd + 1) | DNNL_ARG_SRC_1);
            mems.add(Dnnl.memory(addMd, addend.address()));
        }
        call = new Dnnl.Call(Dnnl.primitive(pd, kind), kinds.stream().mapToInt(Integer::intValue).toArray(),
                mems.toArray(new dnnl_memory[0]), kind);
    }

    @Override
    public void run() {
        call.run();
    }

    @Override
    public void close() {
        if (call != null) {
            call.close();
        }
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public Tensor[] inputs() {
        List<Tensor> in = new ArrayList<>(List.of(src));
        if (weights != null) {
            in.add(weights);
        }
        if (addend != null) {
            in.add(addend);
        }
        return in.toArray(new Tensor[0]);
    }

    @Override
    public Tensor[] outputs() {
        return new Tensor[] {dst};
    }
}

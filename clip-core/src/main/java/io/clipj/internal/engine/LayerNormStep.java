package io.clipj.internal.engine;

import static org.bytedeco.dnnl.global.dnnl.*;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code nn.LayerNorm} over the last axis of {@code [N, W]} rows as one oneDNN layer_normalization kernel,
 * {@code (x - mean) / sqrt(var + eps)} with the config's epsilon, times {@code γ} plus {@code β} when the graph
 * applies them (inside the encoder layers they are folded into the next linear layer).
 *
 * <p>Not thread-safe: belongs to one plan.
 */
final class LayerNormStep implements Step {

    private final Tensor src;
    private final Tensor dst;
    private final float eps;
    private final INDArray gamma; // [W] or null
    private final INDArray beta; // [W] or null
    private Dnnl.Call call;

    LayerNormStep(Tensor src, Tensor dst, float eps, INDArray gamma, INDArray beta) {
        this.src = src;
        this.dst = dst;
        this.eps = eps;
        this.gamma = gamma;
        this.beta = beta;
    }

    @Override
    public void bind() {
        dnnl_memory_desc srcMd = Dnnl.strided(dnnl_f32, src.shape, src.strides);
        dnnl_memory_desc dstMd = Dnnl.strided(dnnl_f32, dst.shape, dst.strides);
        int flags = (gamma != null ? dnnl_use_scale : 0) | (beta != null ? dnnl_use_shift : 0);
        dnnl_primitive_desc pd = new dnnl_primitive_desc();
        Dnnl.check(dnnl_layer_normalization_forward_primitive_desc_create(pd, Dnnl.engine(), dnnl_forward_inference,
                srcMd, dstMd, null, eps, flags, Dnnl.strictAttr()), "layer_normalization " + src);
        List<Integer> kinds = new ArrayList<>(List.of(DNNL_ARG_SRC, DNNL_ARG_DST));
        List<dnnl_memory> mems = new ArrayList<>(List.of(Dnnl.memory(srcMd, src.address()),
                Dnnl.memory(dstMd, dst.address())));
        long w = src.shape[src.rank() - 1];
        dnnl_memory_desc affineMd = Dnnl.strided(dnnl_f32, new long[] {w}, new long[] {1});
        if (gamma != null) {
            kinds.add(DNNL_ARG_SCALE);
            mems.add(Dnnl.memory(affineMd, Constants.address(gamma)));
        }
        if (beta != null) {
            kinds.add(DNNL_ARG_SHIFT);
            mems.add(Dnnl.memory(affineMd, Constants.address(beta)));
        }
        call = new Dnnl.Call(Dnnl.primitive(pd, "layer_normalization"),
                kinds.stream().mapToInt(Integer::intValue).toArray(), mems.toArray(new dnnl_memory[0]),
                "layer_normalization");
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
        return "layer_norm";
    }

    @Override
    public Tensor[] inputs() {
        return new Tensor[] {src};
    }

    @Override
    public Tensor[] outputs() {
        return new Tensor[] {dst};
    }
}

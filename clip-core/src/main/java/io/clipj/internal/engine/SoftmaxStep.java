package io.clipj.internal.engine;

import static org.bytedeco.dnnl.global.dnnl.*;

import org.bytedeco.dnnl.dnnl_memory_desc;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_primitive_desc;

/**
 * Softmax over one axis as oneDNN's softmax (accurate: max subtracted, exact exp), e.g. attention
 * probabilities over the keys.
 *
 * <p>Not thread-safe: belongs to one plan.
 */
final class SoftmaxStep implements Step {

    private final Tensor src;
    private final Tensor dst;
    private final int axis;
    private Dnnl.Call call;

    SoftmaxStep(Tensor src, Tensor dst, int axis) {
        this.src = src;
        this.dst = dst;
        this.axis = axis;
    }

    @Override
    public void bind() {
        dnnl_memory_desc srcMd = Dnnl.strided(dnnl_f32, src.shape, src.strides);
        dnnl_memory_desc dstMd = Dnnl.strided(dnnl_f32, dst.shape, dst.strides);
        dnnl_primitive_desc pd = new dnnl_primitive_desc();
        Dnnl.check(dnnl_softmax_forward_primitive_desc_create(pd, Dnnl.engine(), dnnl_forward_inference,
                dnnl_softmax_accurate, srcMd, dstMd, axis, Dnnl.strictAttr()), "softmax " + src);
        call = new Dnnl.Call(Dnnl.primitive(pd, "softmax"), new int[] {DNNL_ARG_SRC, DNNL_ARG_DST},
                new dnnl_memory[] {Dnnl.memory(srcMd, src.address()), Dnnl.memory(dstMd, dst.address())}, "softmax");
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
        return "softmax";
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

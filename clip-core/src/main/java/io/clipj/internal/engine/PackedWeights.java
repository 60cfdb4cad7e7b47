package io.clipj.internal.engine;

import static org.bytedeco.dnnl.global.dnnl.*;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.javacpp.BytePointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The linear layers' weights, reordered once into the layout oneDNN's matmul kernel reads, and nothing else:
 * after packing, ND4J's copy of each weight is freed, so a model's weights are resident once.
 *
 * <p>The layout: on AVX-512 CPUs the one the matmul asks for ({@code format_tag any}, {@code BA16a64b}); below
 * AVX-512, {@code BA16a32b} ({@link #LAYOUT_BELOW_AVX512}). oneDNN's AVX2 {@code brg_matmul} reads whichever
 * blocked layout it is given, and the 32-column blocks it then works in ran the linear layers of a 50-row
 * image 1.3-1.5x faster than the 64-column blocks it asks for (docs/performance.md, "GEMM layouts").
 *
 * <p>Thread-safe: weights are packed while a tower is loaded and only read afterwards.
 */
final class PackedWeights {

    /** Rows of the matmul the layout is chosen for; the packed layout is reused for every row count. */
    private static final long LAYOUT_ROWS = 64;

    /** The packed layout below AVX-512 (measured, see the class comment). */
    static final int LAYOUT_BELOW_AVX512 = dnnl_BA16a32b;

    /** One packed {@code [K, N]} weight (HF's {@code [N, K]} read transposed). */
    record Packed(long k, long n, dnnl_memory_desc md, BytePointer data) {
        long address() {
            return data.address();
        }
    }

    private final Map<String, Packed> packed = new ConcurrentHashMap<>();

    Packed get(String name) {
        return packed.get(name);
    }

    boolean contains(String name) {
        return packed.containsKey(name);
    }

    /**
     * Packs {@code weight} ({@code [N, K]}, HF's {@code [out, in]}) under {@code name} unless already packed.
     *
     * @return the packed weight
     */
    Packed pack(String name, INDArray weight) {
        return packed.computeIfAbsent(name, key -> reorder(key, weight));
    }

    private static Packed reorder(String name, INDArray weight) {
        INDArray w = weight.isView() || weight.ordering() != 'c' ? weight.dup('c') : weight;
        long n = w.size(0);
        long k = w.size(1);
        dnnl_memory_desc user = Dnnl.strided(dnnl_f32, new long[] {k, n}, new long[] {1, k}); // W^T, read in place
        dnnl_memory_desc any = Dnnl.tagged(new long[] {k, n}, dnnl_format_tag_any);
        dnnl_memory_desc src = Dnnl.tagged(new long[] {LAYOUT_ROWS, k}, dnnl_ab);
        dnnl_memory_desc dst = Dnnl.tagged(new long[] {LAYOUT_ROWS, n}, dnnl_ab);
        dnnl_primitive_desc mm = new dnnl_primitive_desc();
        Dnnl.check(dnnl_matmul_primitive_desc_create(mm, Dnnl.engine(), src, any, null, dst, Dnnl.strictAttr()),
                "matmul layout for " + name);
        dnnl_memory_desc chosen = new dnnl_memory_desc();
        if ((dnnl_get_effective_cpu_isa() & dnnl_cpu_isa_avx512_core) != dnnl_cpu_isa_avx512_core) { // ISA bit mask
            chosen = Dnnl.tagged(new long[] {k, n}, LAYOUT_BELOW_AVX512);
        } else {
            Dnnl.check(dnnl_memory_desc_clone(chosen, dnnl_primitive_desc_query_md(mm, dnnl_query_weights_md, 0)),
                    "weights layout of " + name);
        }
        BytePointer data = new BytePointer(dnnl_memory_desc_get_size(chosen));
        dnnl_primitive_desc rd = new dnnl_primitive_desc();
        Dnnl.check(dnnl_reorder_primitive_desc_create(rd, user, Dnnl.engine(), chosen, Dnnl.engine(), null),
                "reorder of " + name);
        dnnl_primitive reorder = Dnnl.primitive(rd, "reorder of " + name);
        dnnl_memory from = Dnnl.memory(user, w.data().address() + w.offset() * 4);
        dnnl_memory to = Dnnl.memory(chosen, data.address());
        Dnnl.Call call = new Dnnl.Call(reorder, new int[] {DNNL_ARG_FROM, DNNL_ARG_TO},
                new dnnl_memory[] {from, to}, "reorder of " + name);
        call.run();
        call.close();
        dnnl_primitive_desc_destroy(mm);
        return new Packed(k, n, chosen, data);
    }
}

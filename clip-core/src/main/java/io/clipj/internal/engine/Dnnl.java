package io.clipj.internal.engine;

import static org.bytedeco.dnnl.global.dnnl.*;

import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.Pointer;

/**
 * The few oneDNN (C API, through JavaCPP's {@code org.bytedeco.dnnl}) calls the engine needs: one CPU engine and
 * stream for the process, memory descriptors over raw addresses, and primitives with their argument lists.
 *
 * <p>JavaCPP adds a typed pointer's {@code position} in bytes when it passes it as {@code void*}, so memory is
 * always handed over as a {@link Address}, a position-0 pointer at the exact address.
 *
 * <p>Thread-safe: the engine and stream are created once; oneDNN primitives may run on any thread (each plan
 * owns its own primitives and memories).
 */
final class Dnnl {

    private static final class Holder {
        static final dnnl_engine ENGINE = createEngine();
        static final dnnl_stream STREAM = createStream(ENGINE);
    }

    private Dnnl() {
    }

    /** A position-0 pointer at a raw address, with no deallocator. */
    static final class Address extends Pointer {
        Address(long address) {
            this.address = address;
        }
    }

    static dnnl_engine engine() {
        return Holder.ENGINE;
    }

    static dnnl_stream stream() {
        return Holder.STREAM;
    }

    /** Fails with the oneDNN status and what was being done. */
    static void check(int status, String what) {
        if (status != dnnl_success) {
            throw new IllegalStateException("oneDNN failed (status " + status + ") in " + what);
        }
    }

    private static dnnl_engine createEngine() {
        dnnl_engine engine = new dnnl_engine();
        check(dnnl_engine_create(engine, dnnl_cpu, 0), "dnnl_engine_create");
        return engine;
    }

    private static dnnl_stream createStream(dnnl_engine engine) {
        dnnl_stream stream = new dnnl_stream();
        check(dnnl_stream_create(stream, engine, dnnl_stream_default_flags), "dnnl_stream_create");
        return stream;
    }

    /** A float32 (or int32) descriptor with explicit element strides. */
    static dnnl_memory_desc strided(int dataType, long[] dims, long[] strides) {
        dnnl_memory_desc md = new dnnl_memory_desc();
        check(dnnl_memory_desc_create_with_strides(md, dims.length, dims, dataType, strides), "memory desc");
        return md;
    }

    /** A float32 descriptor with a format tag ({@code dnnl_format_tag_any} lets the primitive choose). */
    static dnnl_memory_desc tagged(long[] dims, int tag) {
        dnnl_memory_desc md = new dnnl_memory_desc();
        check(dnnl_memory_desc_create_with_tag(md, dims.length, dims, dnnl_f32, tag), "memory desc");
        return md;
    }

    /** Dense row-major strides of {@code dims}. */
    static long[] denseStrides(long[] dims) {
        long[] s = new long[dims.length];
        long acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= dims[i];
        }
        return s;
    }

    /** A memory object over {@code address} (owned elsewhere). */
    static dnnl_memory memory(dnnl_memory_desc md, long address) {
        dnnl_memory mem = new dnnl_memory();
        check(dnnl_memory_create(mem, md, engine(), new Address(address)), "dnnl_memory_create");
        return mem;
    }

    /** Attributes with strict float32 math (no silent bf16/tf32) and the given post-ops (or null). */
    static dnnl_primitive_attr strictAttr() {
        dnnl_primitive_attr attr = new dnnl_primitive_attr();
        check(dnnl_primitive_attr_create(attr), "dnnl_primitive_attr_create");
        check(dnnl_primitive_attr_set_fpmath_mode(attr, dnnl_fpmath_mode_strict), "set_fpmath_mode");
        return attr;
    }

    /** The primitive of {@code pd}; {@code pd} is destroyed. */
    static dnnl_primitive primitive(dnnl_primitive_desc pd, String what) {
        dnnl_primitive p = new dnnl_primitive();
        check(dnnl_primitive_create(p, pd), what);
        dnnl_primitive_desc_destroy(pd);
        return p;
    }

    /** One primitive with its bound arguments: a call only runs {@link #run}. */
    static final class Call {
        private final dnnl_primitive primitive;
        private final dnnl_exec_arg_t args;
        private final dnnl_memory[] memories;
        private final int count;
        private final String what;

        Call(dnnl_primitive primitive, int[] argKinds, dnnl_memory[] memories, String what) {
            this.primitive = primitive;
            this.count = argKinds.length;
            this.memories = memories.clone();
            this.args = new dnnl_exec_arg_t(count);
            for (int i = 0; i < count; i++) {
                args.position(i).arg(argKinds[i]).memory(memories[i]);
            }
            args.position(0);
            this.what = what;
        }

        void run() {
            check(dnnl_primitive_execute(primitive, stream(), count, args), what);
        }

        /** Frees the primitive and its memory objects (not the memory they point to). */
        void close() {
            for (dnnl_memory m : memories) {
                dnnl_memory_destroy(m);
            }
            dnnl_primitive_destroy(primitive);
            args.deallocate();
        }
    }
}

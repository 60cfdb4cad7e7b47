package io.clipj.weights.internal.torch;

import io.clipj.weights.DType;
import io.clipj.weights.TensorInfo;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes the {@code data.pkl} of a torch zip checkpoint for a flat state dict, with the same protocol-2
 * opcodes {@code torch.save} emits: {@code {key: _rebuild_tensor_v2(persistent storage, 0, size, stride,
 * False, OrderedDict())}} where tensor {@code i} lives in storage {@code "i"}.
 *
 * <p>Stateless and thread-safe.
 */
public final class StateDictPickler {

    private static final Map<DType, String> STORAGE_CLASS = Map.of(
            DType.F32, "FloatStorage", DType.F16, "HalfStorage", DType.BF16, "BFloat16Storage",
            DType.F64, "DoubleStorage", DType.I64, "LongStorage", DType.I32, "IntStorage");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private StateDictPickler() {
    }

    /** The pickle of a state dict whose i-th tensor is stored in archive entry {@code data/i}. */
    public static byte[] pickle(List<TensorInfo> tensors) {
        StateDictPickler p = new StateDictPickler();
        p.op(0x80, 2).op('}').op('(');
        for (int i = 0; i < tensors.size(); i++) {
            TensorInfo t = tensors.get(i);
            String storage = STORAGE_CLASS.get(t.dtype());
            if (storage == null) {
                throw new IllegalArgumentException("cannot write " + t.dtype() + " tensor '" + t.name() + "' to a .bin");
            }
            long[] shape = t.shape();
            long[] stride = new long[shape.length];
            long s = 1;
            for (int d = shape.length - 1; d >= 0; d--) {
                stride[d] = s;
                s *= shape[d];
            }
            p.str(t.name()).global("torch._utils", "_rebuild_tensor_v2").op('(');
            p.op('(').str("storage").global("torch", storage).str(Integer.toString(i)).str("cpu")
                    .integer(t.elementCount()).op('t').op('Q');
            p.integer(0).tuple(shape).tuple(stride).op(0x89).global("collections", "OrderedDict").op(')').op('R');
            p.op('t').op('R');
        }
        p.op('u').op('.');
        return p.out.toByteArray();
    }

    private StateDictPickler op(int... codes) {
        for (int c : codes) {
            out.write(c);
        }
        return this;
    }

    private StateDictPickler global(String module, String name) {
        op('c');
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    private StateDictPickler str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        op('X', b.length & 0xff, (b.length >>> 8) & 0xff, (b.length >>> 16) & 0xff, b.length >>> 24);
        out.writeBytes(b);
        return this;
    }

    private StateDictPickler integer(long v) {
        if (v >= 0 && v < 256) {
            return op('K', (int) v);
        }
        if (v >= 0 && v < 65536) {
            return op('M', (int) (v & 0xff), (int) (v >>> 8));
        }
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            return op('J', (int) (v & 0xff), (int) ((v >>> 8) & 0xff), (int) ((v >>> 16) & 0xff), (int) ((v >>> 24) & 0xff));
        }
        op(0x8a, 8); // LONG1 with 8 little-endian two's-complement bytes
        for (int i = 0; i < 8; i++) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
        return this;
    }

    private StateDictPickler tuple(long[] values) {
        if (values.length == 0) {
            return op(')');
        }
        op('(');
        for (long v : values) {
            integer(v);
        }
        return op('t');
    }
}

package io.clipj.weights.internal.torch;

import io.clipj.weights.CheckpointFormatException;
import io.clipj.weights.DType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The only pickle globals a torch state dict needs, and what each one means here. Anything else
 * ({@code posix.system}, {@code builtins.eval}, {@code torch.nn.Module} subclasses, ...) is refused when
 * the pickle names it, before it could be called. Also turns storage persistent ids into
 * {@link TorchStorage}s.
 *
 * <p>Stateless apart from the file name; thread-safe.
 */
public final class StateDictGlobals implements PickleReader.Globals, PickleReader.PersistentLoader {

    /** A storage class such as {@code torch.FloatStorage}: not callable, only named in persistent ids. */
    public record StorageType(String name, DType dtype) {
    }

    private static final Map<String, DType> STORAGES = Map.of(
            "FloatStorage", DType.F32, "HalfStorage", DType.F16, "BFloat16Storage", DType.BF16,
            "DoubleStorage", DType.F64, "LongStorage", DType.I64, "IntStorage", DType.I32,
            "ShortStorage", DType.I16, "CharStorage", DType.I8, "ByteStorage", DType.U8, "BoolStorage", DType.BOOL);

    private final String source;
    private final Map<String, Object> allowed = new LinkedHashMap<>();

    public StateDictGlobals(String source) {
        this.source = source;
        allowed.put("collections.OrderedDict", (PickleReader.Callable) this::orderedDict);
        allowed.put("torch._utils._rebuild_tensor_v2", (PickleReader.Callable) this::rebuildTensor);
        allowed.put("torch._utils._rebuild_tensor", (PickleReader.Callable) this::rebuildTensor);
        allowed.put("torch._utils._rebuild_parameter", (PickleReader.Callable) this::rebuildParameter);
        allowed.put("torch._utils._rebuild_parameter_with_state", (PickleReader.Callable) this::rebuildParameter);
        STORAGES.forEach((name, dtype) -> allowed.put("torch." + name, new StorageType("torch." + name, dtype)));
    }

    @Override
    public Object resolve(String module, String name) throws CheckpointFormatException {
        Object v = allowed.get(module + "." + name);
        if (v == null) {
            throw new CheckpointFormatException("refusing pickle global " + module + "." + name + " in " + source
                    + " (a state dict needs only " + new TreeSet<>(allowed.keySet()) + ")");
        }
        return v;
    }

    /** {@code ('storage', storage_type, key, location, numel)}. */
    @Override
    public Object load(Object pid) throws CheckpointFormatException {
        if (pid instanceof PickleReader.Tuple t && t.size() == 5 && "storage".equals(t.get(0))
                && t.get(1) instanceof StorageType type && t.get(2) instanceof String key
                && t.get(3) instanceof String && t.get(4) instanceof Long numel && numel >= 0) {
            if (!key.matches("[0-9A-Za-z_.-]{1,64}") || key.contains("..")) {
                throw new CheckpointFormatException(source + ": storage key '" + key + "' is not a plain name");
            }
            return new TorchStorage(type.dtype(), key, numel);
        }
        throw new CheckpointFormatException(source + ": unsupported persistent id " + PickleValues.show(pid));
    }

    private Object orderedDict(PickleReader.Tuple args) throws CheckpointFormatException {
        if (args.size() != 0) {
            throw new CheckpointFormatException(source + ": OrderedDict called with arguments");
        }
        return new LinkedHashMap<>();
    }

    /** {@code _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])}. */
    private Object rebuildTensor(PickleReader.Tuple a) throws CheckpointFormatException {
        if (a.size() < 4 || !(a.get(0) instanceof TorchStorage storage) || !(a.get(1) instanceof Long offset)) {
            throw new CheckpointFormatException(source + ": malformed _rebuild_tensor arguments " + PickleValues.show(a));
        }
        long[] size = ints(a.get(2), "size");
        long[] stride = ints(a.get(3), "stride");
        if (size.length != stride.length) {
            throw new CheckpointFormatException(source + ": tensor size " + PickleValues.show(a.get(2))
                    + " and stride " + PickleValues.show(a.get(3))
                    + " differ in rank");
        }
        if (offset < 0) {
            throw new CheckpointFormatException(source + ": negative storage offset " + offset);
        }
        return new TorchTensorRef(storage, offset, size, stride);
    }

    /** {@code _rebuild_parameter(data, requires_grad, backward_hooks[, state])}: a Parameter is its data here. */
    private Object rebuildParameter(PickleReader.Tuple a) throws CheckpointFormatException {
        if (a.size() < 1 || !(a.get(0) instanceof TorchTensorRef t)) {
            throw new CheckpointFormatException(source + ": malformed _rebuild_parameter arguments " + PickleValues.show(a));
        }
        return t;
    }

    private long[] ints(Object v, String what) throws CheckpointFormatException {
        if (!(v instanceof PickleReader.Tuple t)) {
            throw new CheckpointFormatException(source + ": tensor " + what + " is " + PickleValues.describe(v)
                    + ", not a tuple");
        }
        long[] out = new long[t.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(t.get(i) instanceof Long l) || l < 0) {
                throw new CheckpointFormatException(source + ": tensor " + what + " " + PickleValues.show(t)
                        + " has a non-integer or negative entry");
            }
            out[i] = l;
        }
        return out;
    }
}

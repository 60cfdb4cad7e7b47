package io.clipj.weights.internal.torch;

import io.clipj.weights.internal.AbstractCheckpoint;
import io.clipj.weights.internal.SystemLimits;
import io.clipj.weights.CheckpointFormatException;
import io.clipj.weights.DType;
import io.clipj.weights.internal.MappedFile;
import io.clipj.weights.TensorInfo;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A {@code pytorch_model.bin} written by {@code torch.save} (PyTorch 1.6 or later): a zip archive holding
 * {@code <prefix>/data.pkl} (the pickled state dict), one entry {@code <prefix>/data/<key>} per storage, and
 * optionally {@code <prefix>/byteorder}. The pickle is run by a restricted machine ({@link PickleReader})
 * that accepts only the globals a state dict needs ({@link StateDictGlobals}) and refuses any other, such
 * as {@code posix.system}, at the opcode that names it. The file is memory-mapped and each tensor decoded
 * straight from its stored (uncompressed) zip entry when read; strided views are gathered element-wise.
 *
 * <pre>{@code
 * try (Checkpoint ckpt = TorchCheckpoint.open(dir.resolve("pytorch_model.bin"))) {
 *     float[] w = ckpt.readFloats("visual_projection.weight"); // [proj, W]
 * }
 * }</pre>
 *
 * <p>Thread-safe: any number of threads may read tensors at once.
 */
public final class TorchCheckpoint extends AbstractCheckpoint {

    /**
     * Largest {@code data.pkl} accepted; a state dict's pickle is a few hundred KiB. Default 64 MiB; override
     * with {@code -Dclipj.torch.maxPickleBytes=N} (see docs/security.md).
     */
    public static final int MAX_PICKLE_BYTES = SystemLimits.positiveInt("clipj.torch.maxPickleBytes", 64 << 20);

    private final MappedFile file;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, TorchTensorRef> refs;
    private final Map<String, Long> storageStarts;
    private final ByteOrder order;

    private TorchCheckpoint(MappedFile file, Map<String, TensorInfo> tensors, Map<String, TorchTensorRef> refs,
                            Map<String, Long> storageStarts, ByteOrder order) {
        this.file = file;
        this.tensors = tensors;
        this.refs = refs;
        this.storageStarts = storageStarts;
        this.order = order;
    }

    /** Opens and validates {@code path}; nothing in the pickle is executed beyond the allowed state-dict globals. */
    public static TorchCheckpoint open(Path path) throws IOException {
        MappedFile file = MappedFile.open(path);
        try {
            return read(file);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private static TorchCheckpoint read(MappedFile file) throws IOException {
        Path path = file.path();
        byte[] magic = file.bytes(0, (int) Math.min(4, file.size()));
        if (magic.length > 0 && (magic[0] & 0xff) == 0x80) {
            throw new CheckpointFormatException(path + ": legacy (pre-1.6, non-zip) torch serialization format is not "
                    + "supported; re-save it with torch>=1.6 (torch.save(state_dict, f)) or convert it to safetensors");
        }
        if (magic.length < 4 || magic[0] != 'P' || magic[1] != 'K' || magic[2] != 3 || magic[3] != 4) {
            throw new CheckpointFormatException(path + ": not a torch zip checkpoint (no zip signature)");
        }
        ZipIndex zip = ZipIndex.read(file);
        ZipIndex.Entry pkl = null;
        for (ZipIndex.Entry e : zip.entries().values()) {
            int slash = e.name().indexOf('/');
            if (slash > 0 && e.name().substring(slash + 1).equals("data.pkl")) {
                pkl = e;
                break;
            }
        }
        if (pkl == null) {
            throw new CheckpointFormatException(path + ": zip archive has no <name>/data.pkl (not a torch checkpoint)");
        }
        String prefix = pkl.name().substring(0, pkl.name().indexOf('/') + 1);
        String pklName = path + "/" + pkl.name();
        ByteOrder order = byteOrder(file, zip, prefix);
        if (pkl.size() > MAX_PICKLE_BYTES) {
            throw new CheckpointFormatException(pklName + ": pickle of " + pkl.size() + " bytes exceeds the "
                    + MAX_PICKLE_BYTES + "-byte limit");
        }
        StateDictGlobals globals = new StateDictGlobals(pklName);
        Object root = new PickleReader(entryBytes(file, pkl), pklName, globals, globals).load();
        if (!(root instanceof Map<?, ?> dict)) {
            throw new CheckpointFormatException(pklName + ": holds " + PickleValues.describe(root)
                    + ", not a state dict");
        }
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        Map<String, TorchTensorRef> refs = new LinkedHashMap<>();
        Map<String, Long> starts = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : dict.entrySet()) {
            if (!(e.getKey() instanceof String key) || !(e.getValue() instanceof TorchTensorRef ref)) {
                throw new CheckpointFormatException(pklName + ": entry " + e.getKey() + " is "
                        + PickleValues.describe(e.getValue()) + ", not a tensor (not a flat state dict)");
            }
            String where = path + ": tensor '" + key + "'";
            TorchStorage storage = ref.storage();
            ZipIndex.Entry data = zip.entries().get(prefix + "data/" + storage.key());
            if (data == null) {
                throw new CheckpointFormatException(where + ": storage entry " + prefix + "data/" + storage.key() + " is missing");
            }
            if (data.method() != ZipIndex.STORED) {
                throw new CheckpointFormatException(where + ": storage entry " + data.name()
                        + " is compressed; torch.save stores storages uncompressed, re-save the checkpoint");
            }
            long es = storage.dtype().byteSize();
            long extent;
            try {
                ref.elementCount();
                extent = ref.extent();
            } catch (ArithmeticException overflow) {
                throw new CheckpointFormatException(where + ": size " + java.util.Arrays.toString(ref.size())
                        + " overflows 64 bits");
            }
            if (extent > storage.numel() || storage.numel() > data.size() / es) {
                throw new CheckpointFormatException(where + ": view " + ref + " needs " + extent + " elements but storage "
                        + storage.key() + " has " + storage.numel() + " elements in " + data.size() + " bytes");
            }
            tensors.put(key, new TensorInfo(key, storage.dtype(), ref.size()));
            refs.put(key, ref);
            starts.put(key, data.dataOffset());
        }
        return new TorchCheckpoint(file, Collections.unmodifiableMap(tensors), refs, starts, order);
    }

    /** {@code byteorder} arrived with torch 2.1; older archives are little-endian. */
    private static ByteOrder byteOrder(MappedFile file, ZipIndex zip, String prefix) throws IOException {
        ZipIndex.Entry e = zip.entries().get(prefix + "byteorder");
        if (e == null) {
            return ByteOrder.LITTLE_ENDIAN;
        }
        String text = e.size() > 16 ? "?" : new String(entryBytes(file, e), StandardCharsets.US_ASCII).trim();
        return switch (text) {
            case "little" -> ByteOrder.LITTLE_ENDIAN;
            case "big" -> ByteOrder.BIG_ENDIAN;
            default -> throw new CheckpointFormatException(file.path() + ": unknown byteorder '" + text + "'");
        };
    }

    private static byte[] entryBytes(MappedFile file, ZipIndex.Entry e) throws IOException {
        if (e.method() == ZipIndex.STORED) {
            return file.bytes(e.dataOffset(), (int) e.size());
        }
        if (e.compressedSize() > Integer.MAX_VALUE) {
            throw new CheckpointFormatException(file.path() + ": zip entry " + e.name() + " is too large");
        }
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(file.bytes(e.dataOffset(), (int) e.compressedSize()));
            byte[] out = new byte[(int) e.size()];
            int n = 0;
            while (n < out.length && !inflater.finished()) {
                int got = inflater.inflate(out, n, out.length - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (n != out.length) {
                throw new CheckpointFormatException(file.path() + ": zip entry " + e.name() + " inflates to " + n
                        + " bytes, expected " + out.length);
            }
            return out;
        } catch (DataFormatException ex) {
            throw new CheckpointFormatException(file.path() + ": zip entry " + e.name() + " is corrupt: " + ex.getMessage(), ex);
        } finally {
            inflater.end();
        }
    }

    @Override
    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    @Override
    public String source() {
        return file.path().toString();
    }

    /** The byte order of the storages (from the archive's {@code byteorder}; little-endian when absent). */
    public ByteOrder byteOrder() {
        return order;
    }

    @Override
    protected void copyFloats(TensorInfo info, FloatBuffer dst) throws IOException {
        TorchTensorRef ref = refs.get(info.name());
        long start = storageStarts.get(info.name());
        DType dt = info.dtype();
        int es = dt.byteSize();
        if (ref.isContiguous()) {
            file.readFloats(start + ref.storageOffset() * es, info.elementCount(), dt, order, dst);
            return;
        }
        StridedViews.forEachRun(ref, (element, count) ->
                file.readFloats(start + element * es, count, dt, order, dst));
    }

    @Override
    protected void copyLongs(TensorInfo info, long[] dst) throws IOException {
        TorchTensorRef ref = refs.get(info.name());
        long start = storageStarts.get(info.name());
        DType dt = info.dtype();
        int es = dt.byteSize();
        int[] at = {0};
        StridedViews.forEachRun(ref, (element, count) -> {
            file.readLongs(start + element * es, (int) count, dt, order, dst, at[0]);
            at[0] += (int) count;
        });
    }

    @Override
    public void close() {
        file.close();
    }
}

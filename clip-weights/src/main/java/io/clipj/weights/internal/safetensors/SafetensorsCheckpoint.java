package io.clipj.weights.internal.safetensors;

import io.clipj.weights.internal.AbstractCheckpoint;
import io.clipj.weights.internal.SystemLimits;
import io.clipj.weights.CheckpointFormatException;
import io.clipj.weights.internal.MappedFile;
import io.clipj.weights.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * One {@code .safetensors} file, memory-mapped: the header is parsed and validated when the file is opened
 * ({@link SafetensorsHeader}), and each tensor's bytes are decoded straight from the mapping on request.
 * F32 tensors are bulk-copied; F16 and BF16 are widened exactly; F64 is narrowed; I64/I32 read as longs.
 *
 * <pre>{@code
 * try (Checkpoint ckpt = SafetensorsCheckpoint.open(dir.resolve("model.safetensors"))) {
 *     float[] w = ckpt.readFloats("text_projection.weight"); // [proj, W]
 * }
 * }</pre>
 *
 * <p>Thread-safe: any number of threads may read tensors at once.
 */
public final class SafetensorsCheckpoint extends AbstractCheckpoint {

    /**
     * Largest header accepted; real ones are a few hundred KiB even for big models. Default 100 MiB, as the
     * Rust crate; override with {@code -Dclipj.safetensors.maxHeaderBytes=N} (see docs/security.md).
     */
    public static final long MAX_HEADER_BYTES = SystemLimits.positive("clipj.safetensors.maxHeaderBytes", 100L << 20,
            Integer.MAX_VALUE - 8);

    private final MappedFile file;
    private final long dataStart;
    private final SafetensorsHeader header;

    private SafetensorsCheckpoint(MappedFile file, long dataStart, SafetensorsHeader header) {
        this.file = file;
        this.dataStart = dataStart;
        this.header = header;
    }

    /** Maps and validates {@code path}; fails with a message naming the file and the offending tensor. */
    public static SafetensorsCheckpoint open(Path path) throws IOException {
        MappedFile file = MappedFile.open(path);
        try {
            long size = file.size();
            if (size < 8) {
                throw new CheckpointFormatException(path + ": too short for a safetensors file (" + size + " bytes)");
            }
            long headerLength = ByteBuffer.wrap(file.bytes(0, 8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
                throw new CheckpointFormatException(path + ": safetensors header length " + Long.toUnsignedString(headerLength)
                        + " exceeds the " + MAX_HEADER_BYTES + "-byte limit (not a safetensors file?)");
            }
            if (headerLength > size - 8) {
                throw new CheckpointFormatException(path + ": safetensors header length " + headerLength
                        + " exceeds the file size " + size + " (truncated file?)");
            }
            byte[] json = file.bytes(8, (int) headerLength);
            if (headerLength == 0 || json[0] != '{') {
                throw new CheckpointFormatException(path + ": safetensors header does not start with '{'");
            }
            SafetensorsHeader header = SafetensorsHeader.parse(json, size - 8 - headerLength, path.toString());
            return new SafetensorsCheckpoint(file, 8 + headerLength, header);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    @Override
    public Map<String, TensorInfo> tensors() {
        return header.tensors();
    }

    /** The file's {@code __metadata__} (e.g. {@code format: pt}); empty when absent. */
    public Map<String, String> metadata() {
        return header.metadata();
    }

    @Override
    public String source() {
        return file.path().toString();
    }

    @Override
    protected void copyFloats(TensorInfo info, FloatBuffer dst) throws IOException {
        file.readFloats(dataStart + header.begins().get(info.name()), info.elementCount(), info.dtype(),
                ByteOrder.LITTLE_ENDIAN, dst);
    }

    @Override
    protected void copyLongs(TensorInfo info, long[] dst) throws IOException {
        file.readLongs(dataStart + header.begins().get(info.name()), dst.length, info.dtype(), ByteOrder.LITTLE_ENDIAN,
                dst, 0);
    }

    @Override
    public void close() {
        file.close();
    }
}

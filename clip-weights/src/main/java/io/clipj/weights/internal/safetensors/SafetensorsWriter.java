package io.clipj.weights.internal.safetensors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipj.weights.AtomicFiles;
import io.clipj.weights.TensorToWrite;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a {@code .safetensors} file: the JSON header (padded with spaces to a multiple of 8 so the data
 * is 8-byte aligned, as the reference implementation does) followed by each tensor's little-endian bytes
 * in the given order, streamed through a direct buffer. The file appears atomically.
 *
 * <p>Stateless and thread-safe.
 */
public final class SafetensorsWriter {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int BUFFER = 4 << 20;

    private SafetensorsWriter() {
    }

    /** Writes {@code tensors} (unique names) with the optional {@code __metadata__} strings. */
    public static void write(Path file, List<TensorToWrite> tensors, Map<String, String> metadata) throws IOException {
        ObjectNode header = MAPPER.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        Set<String> names = new HashSet<>();
        long offset = 0;
        for (TensorToWrite t : tensors) {
            if (!names.add(t.info().name()) || t.info().name().equals("__metadata__")) {
                throw new IllegalArgumentException(file + ": duplicate or reserved tensor name '" + t.info().name() + "'");
            }
            ObjectNode entry = header.putObject(t.info().name());
            entry.put("dtype", t.info().dtype().name());
            var shape = entry.putArray("shape");
            for (long d : t.info().shape()) {
                shape.add(d);
            }
            long end = offset + t.byteSize();
            entry.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json = MAPPER.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        head.flip();
        AtomicFiles.write(file, ch -> {
            while (head.hasRemaining()) {
                ch.write(head);
            }
            ByteBuffer scratch = ByteBuffer.allocateDirect(BUFFER);
            for (TensorToWrite t : tensors) {
                t.writeTo(ch, scratch, null);
            }
        });
    }

    /** Writes {@code tensors} with {@code __metadata__ {"format": "pt"}}, as HF's PyTorch exports carry. */
    public static void write(Path file, List<TensorToWrite> tensors) throws IOException {
        write(file, tensors, Map.of("format", "pt"));
    }
}

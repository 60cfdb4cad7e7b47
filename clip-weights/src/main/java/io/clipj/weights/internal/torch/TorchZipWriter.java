package io.clipj.weights.internal.torch;

import io.clipj.weights.AtomicFiles;
import io.clipj.weights.TensorInfo;
import io.clipj.weights.TensorToWrite;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Writes a state dict as a torch zip checkpoint ({@code pytorch_model.bin}) the way {@code torch.save}
 * lays it out: entries {@code <name>/data.pkl}, {@code <name>/byteorder}, {@code <name>/data/<i>} and
 * {@code <name>/version}, all stored uncompressed with each entry's data aligned to 64 bytes (padding in a
 * {@code FB} extra field, as PyTorch does), so both {@link TorchCheckpoint} and {@code torch.load} read it.
 * Tensor data is streamed through a direct buffer; each CRC is patched into its local header afterwards.
 * Archives over 4 GiB would need zip64 and are refused (write safetensors instead). The file appears
 * atomically.
 *
 * <p>Stateless and thread-safe.
 */
public final class TorchZipWriter {

    private static final int ALIGN = 64;
    private static final int BUFFER = 4 << 20;
    private static final long ZIP32_LIMIT = 0xffffffffL;

    private TorchZipWriter() {
    }

    private record Written(String name, long headerOffset, long size, int crc) {
    }

    /** Writes {@code tensors} to {@code file}; the archive's folder is the file name without extension. */
    public static void write(Path file, List<TensorToWrite> tensors) throws IOException {
        String base = file.getFileName().toString();
        String prefix = (base.contains(".") ? base.substring(0, base.lastIndexOf('.')) : base) + "/";
        List<TensorInfo> infos = new ArrayList<>();
        long total = 0;
        for (TensorToWrite t : tensors) {
            infos.add(t.info());
            total += t.byteSize() + ALIGN + 128;
        }
        if (tensors.size() + 3 > 0xffff) {
            throw new IOException(file + ": " + tensors.size() + " tensors need zip64 entry counts, which this writer "
                    + "does not produce; write model.safetensors instead");
        }
        if (total > ZIP32_LIMIT) {
            throw new IOException(file + ": " + total + " bytes of tensors need zip64, which this writer does not "
                    + "produce; write model.safetensors instead");
        }
        byte[] pickle = StateDictPickler.pickle(infos);
        AtomicFiles.write(file, ch -> {
            List<Written> entries = new ArrayList<>();
            ByteBuffer scratch = ByteBuffer.allocateDirect(BUFFER);
            entries.add(bytes(ch, prefix + "data.pkl", pickle));
            entries.add(bytes(ch, prefix + "byteorder", "little".getBytes(StandardCharsets.US_ASCII)));
            for (int i = 0; i < tensors.size(); i++) {
                TensorToWrite t = tensors.get(i);
                long header = localHeader(ch, prefix + "data/" + i, t.byteSize());
                CRC32 crc = new CRC32();
                t.writeTo(ch, scratch, crc);
                patchCrc(ch, header, (int) crc.getValue());
                entries.add(new Written(prefix + "data/" + i, header, t.byteSize(), (int) crc.getValue()));
            }
            entries.add(bytes(ch, prefix + "version", "3\n".getBytes(StandardCharsets.US_ASCII)));
            centralDirectory(ch, entries);
        });
    }

    private static Written bytes(FileChannel ch, String name, byte[] data) throws IOException {
        long header = localHeader(ch, name, data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        writeFully(ch, ByteBuffer.wrap(data));
        patchCrc(ch, header, (int) crc.getValue());
        return new Written(name, header, data.length, (int) crc.getValue());
    }

    /** Writes a local header whose extra field pads the data start to a multiple of 64; returns its offset. */
    private static long localHeader(FileChannel ch, String name, long size) throws IOException {
        long at = ch.position();
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        long dataStart = at + 30 + n.length + 4;
        int pad = (int) ((ALIGN - dataStart % ALIGN) % ALIGN);
        ByteBuffer h = le(30 + n.length + 4 + pad);
        h.putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) 0) // version, flags, stored
                .putShort((short) 0).putShort((short) 0)                                   // time, date
                .putInt(0).putInt((int) size).putInt((int) size)                           // crc (patched), sizes
                .putShort((short) n.length).putShort((short) (4 + pad)).put(n)
                .putShort((short) 0x4246).putShort((short) pad);                           // "FB" padding field
        h.position(h.limit()).flip();
        writeFully(ch, h);
        return at;
    }

    private static void patchCrc(FileChannel ch, long header, int crc) throws IOException {
        ByteBuffer b = le(4).putInt(crc).flip();
        while (b.hasRemaining()) {
            ch.write(b, header + 14 + b.position());
        }
    }

    private static void centralDirectory(FileChannel ch, List<Written> entries) throws IOException {
        long start = ch.position();
        for (Written e : entries) {
            byte[] n = e.name().getBytes(StandardCharsets.UTF_8);
            ByteBuffer c = le(46 + n.length);
            c.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).putInt(e.crc()).putInt((int) e.size()).putInt((int) e.size())
                    .putShort((short) n.length).putShort((short) 0).putShort((short) 0).putShort((short) 0)
                    .putShort((short) 0).putInt(0).putInt((int) e.headerOffset()).put(n);
            writeFully(ch, c.flip());
        }
        long size = ch.position() - start;
        ByteBuffer end = le(22);
        end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) entries.size())
                .putShort((short) entries.size()).putInt((int) size).putInt((int) start).putShort((short) 0);
        writeFully(ch, end.flip());
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }
}

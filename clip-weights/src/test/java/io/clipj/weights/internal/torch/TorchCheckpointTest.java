package io.clipj.weights.internal.torch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clipj.testing.SharedAssets;
import io.clipj.weights.Checkpoint;
import io.clipj.weights.CheckpointFormatException;
import io.clipj.weights.Checkpoints;
import io.clipj.weights.DType;
import io.clipj.weights.TensorInfo;
import io.clipj.weights.internal.safetensors.SafetensorsCheckpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchCheckpointTest {

    @TempDir
    Path tmp;

    @Test
    void tinyBinHoldsExactlyTheSafetensorsTensors() throws IOException {
        Path dir = SharedAssets.tinyModel();
        try (Checkpoint bin = Checkpoints.open(dir.resolve("pytorch_model.bin"));
             SafetensorsCheckpoint st = SafetensorsCheckpoint.open(dir.resolve("model.safetensors"))) {
            assertThat(bin).isInstanceOf(TorchCheckpoint.class);
            assertThat(bin.tensors().keySet()).containsExactlyInAnyOrderElementsOf(st.tensors().keySet());
            List<String> bad = new ArrayList<>();
            for (TensorInfo info : st.tensors().values()) {
                if (!bin.info(info.name()).equals(info)) {
                    bad.add("info " + bin.info(info.name()) + " vs " + info);
                } else if (info.dtype() == DType.F32 && !Arrays.equals(bin.readFloats(info.name()), st.readFloats(info.name()))) {
                    bad.add("data of " + info.name());
                } else if (info.dtype() == DType.I64 && !Arrays.equals(bin.readLongs(info.name()), st.readLongs(info.name()))) {
                    bad.add("data of " + info.name());
                }
            }
            assertThat(bad).isEmpty();
        }
    }

    /** A transposed [2, 3] view of a 6-element storage, as torch.save writes a tensor saved without .contiguous(). */
    @Test
    void gathersStridedViews() throws IOException {
        ByteBuffer storage = ByteBuffer.allocate(8 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 8; i++) {
            storage.putFloat(i);
        }
        TorchZips.Pickle p = new TorchZips.Pickle().op(0x80, 2, '}', '(').str("t")
                .global("torch._utils", "_rebuild_tensor_v2").op('(', '(').str("storage")
                .global("torch", "FloatStorage").str("0").str("cpu").small(8).op('t', 'Q')
                .small(1)                      // storage offset
                .small(2).small(3).op(0x86)    // size (2, 3)
                .small(1).small(2).op(0x86)    // stride (1, 2): column-major, i.e. a transpose
                .op(0x89).global("collections", "OrderedDict").op(')', 'R', 't', 'R', 'u', '.');
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("archive/data.pkl", p.bytes());
        entries.put("archive/byteorder", "little".getBytes());
        entries.put("archive/data/0", storage.array());
        Path file = TorchZips.zip(tmp.resolve("strided.bin"), entries);
        try (TorchCheckpoint c = TorchCheckpoint.open(file)) {
            assertThat(c.info("t").shape()).containsExactly(2, 3);
            // element [i][j] = storage[1 + i + 2j]
            assertThat(c.readFloats("t")).containsExactly(1, 3, 5, 2, 4, 6);
        }
    }

    /**
     * {@code model.state_dict()} is an OrderedDict carrying a {@code _metadata} attribute; pickle writes it as
     * REDUCE, SETITEMS, then the attribute dict through BUILD (as the Hub's real pytorch_model.bin files do),
     * and parameters saved with keep_vars come through {@code _rebuild_parameter}.
     */
    @Test
    void readsAnOrderedDictStateDictWithMetadata() throws IOException {
        ByteBuffer storage = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2f);
        TorchZips.Pickle p = new TorchZips.Pickle().op(0x80, 2).global("collections", "OrderedDict").op('q', 0)
                .op(')', 'R', 'q', 1, '(').str("w")
                .global("torch._utils", "_rebuild_parameter").op('(')
                .global("torch._utils", "_rebuild_tensor_v2").op('(', '(').str("storage")
                .global("torch", "FloatStorage").str("0").str("cuda:0").small(2).op('t', 'Q')
                .small(0).small(2).op(0x85).small(1).op(0x85).op(0x89).op('h', 0, ')', 'R', 't', 'R')
                .op(0x88).op('h', 0, ')', 'R', 't', 'R')
                .op('u')
                .op('}').str("_metadata").op('h', 0, ')', 'R', '(').str("").op('}').str("version").small(1)
                .op('s', 'u', 's', 'b', '.');
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("archive/data.pkl", p.bytes());
        entries.put("archive/data/0", storage.array());
        try (TorchCheckpoint c = TorchCheckpoint.open(TorchZips.zip(tmp.resolve("od.bin"), entries))) {
            assertThat(c.tensors().keySet()).containsExactly("w");
            assertThat(c.readFloats("w")).containsExactly(1.5f, -2f);
        }
    }

    @Test
    void refusesAPickleThatCallsSystemBeforeRunningIt() throws IOException {
        Path marker = tmp.resolve("pwned");
        for (String[] global : new String[][] {{"posix", "system"}, {"os", "system"}}) {
            byte[] evil = new TorchZips.Pickle().op(0x80, 2).global(global[0], global[1])
                    .str("touch " + marker).op(0x85, 'R', '.').bytes();
            Path file = TorchZips.zip(tmp.resolve("evil.bin"), Map.of("archive/data.pkl", evil));
            assertThatThrownBy(() -> TorchCheckpoint.open(file))
                    .isInstanceOf(CheckpointFormatException.class)
                    .hasMessageContaining("refusing pickle global " + global[0] + "." + global[1])
                    .hasMessageContaining("evil.bin/archive/data.pkl");
        }
        // STACK_GLOBAL spelling of the same attack (protocol 4)
        byte[] stackGlobal = new TorchZips.Pickle().op(0x80, 4).str("builtins").str("eval").op(0x93)
                .str("__import__('os').system('touch " + marker + "')").op(0x85, 'R', '.').bytes();
        Path file = TorchZips.zip(tmp.resolve("evil4.bin"), Map.of("archive/data.pkl", stackGlobal));
        assertThatThrownBy(() -> TorchCheckpoint.open(file))
                .hasMessageContaining("refusing pickle global builtins.eval");
        assertThat(marker).doesNotExist();
    }

    @Test
    void refusesATruncatedArchive() throws IOException {
        byte[] whole = Files.readAllBytes(SharedAssets.tinyModel().resolve("pytorch_model.bin"));
        Path cut = Files.write(tmp.resolve("cut.bin"), Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> Checkpoints.open(cut))
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("cut.bin").hasMessageContaining("truncated");
    }

    @Test
    void refusesLegacyNonZipFiles() throws IOException {
        // torch<1.6 files start with the pickled magic number 0x1950a86a20f9469cfc6c
        byte[] legacy = {(byte) 0x80, 2, (byte) 0x8a, 10, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a,
                (byte) 0xa8, 0x50, 0x19, '.'};
        Path file = Files.write(tmp.resolve("old.bin"), legacy);
        assertThatThrownBy(() -> Checkpoints.open(file))
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("old.bin").hasMessageContaining("legacy (pre-1.6, non-zip)");
        Path text = Files.writeString(tmp.resolve("text.bin"), "hello world, not a checkpoint");
        assertThatThrownBy(() -> Checkpoints.open(text)).hasMessageContaining("not a torch zip checkpoint");
    }

    @Test
    void refusesMalformedStateDicts() throws IOException {
        Map<String, String> cases = new LinkedHashMap<>();
        List<byte[]> pickles = new ArrayList<>();
        pickles.add(new TorchZips.Pickle().op(0x80, 2).small(5).op('.').bytes());
        cases.put("not a state dict", "int");
        pickles.add(new TorchZips.Pickle().op(0x80, 2, '}').str("k").small(5).op('s', '.').bytes());
        cases.put("entry k is Long", "flat");
        pickles.add(new TorchZips.Pickle().op(0x80, 2, '}', 'h', 9, '.').bytes());
        cases.put("memo entry 9 was never stored", "memo");
        pickles.add(new TorchZips.Pickle().op(0x80, 2, '}').bytes());
        cases.put("pickle truncated", "no STOP");
        pickles.add(new TorchZips.Pickle().op(0x80, 2).op(new int[70]).bytes());
        cases.put("unsupported pickle opcode 0x00", "opcode");
        TorchZips.Pickle deep = new TorchZips.Pickle().op(0x80, 2);
        for (int i = 0; i < 100; i++) {
            deep.op('(');
        }
        pickles.add(deep.bytes());
        cases.put("nesting deeper than 64", "depth");
        int i = 0;
        List<String> bad = new ArrayList<>();
        for (String expected : cases.keySet()) {
            Path file = TorchZips.zip(tmp.resolve("m" + i + ".bin"), Map.of("m/data.pkl", pickles.get(i)));
            i++;
            try {
                TorchCheckpoint.open(file).close();
                bad.add("accepted: " + expected);
            } catch (CheckpointFormatException e) {
                if (!e.getMessage().contains(expected) || !e.getMessage().contains(file.getFileName().toString())) {
                    bad.add(expected + " -> " + e.getMessage());
                }
            }
        }
        assertThat(bad).isEmpty();
    }
}

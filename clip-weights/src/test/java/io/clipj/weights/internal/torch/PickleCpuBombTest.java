package io.clipj.weights.internal.torch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pickle that re-inserts one huge tuple (or integer) as a dict key again and again stays within every size
 * limit, yet hashing the key walks all of it on every insert: 62 MB of such a pickle kept the loader busy for
 * hours. Keys are now bounded before they are hashed, so the load fails at the first insert, naming the byte.
 */
class PickleCpuBombTest {

    @TempDir
    Path tmp;

    /** PROTO 2, {}, a tuple of {@code items} small ints memoised, then {@code inserts} times d[t] = None. */
    static byte[] tupleKeyBomb(int items, int inserts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x80);
        out.write(2);
        out.write('}');
        out.write('(');
        for (int i = 0; i < items; i++) {
            out.write('K');
            out.write(i & 0xff);
        }
        out.write('t');
        out.write('q');
        out.write(0);
        out.write('0'); // POP the tuple; it lives on in the memo
        for (int i = 0; i < inserts; i++) {
            out.write('h');
            out.write(0);
            out.write('N');
            out.write('s');
        }
        out.write('.');
        return out.toByteArray();
    }

    @Test
    void hugeTupleKeyIsRefusedAtTheFirstInsert() {
        byte[] bomb = tupleKeyBomb(200_000, 200_000); // ~1.2 MB; 4*10^10 hash steps before the bound
        long start = System.nanoTime();
        PickleProbe.Run run = PickleProbe.run(bomb);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(run.error()).isNotNull();
        assertThat(run.error().getMessage()).contains("fuzz.pkl").contains("tuple of 200000 items")
                .contains("more than the 16 allowed");
        assertThat(seconds).isLessThan(5);
    }

    @Test
    void smallTupleKeysStillWork() {
        assertThat(PickleProbe.run(tupleKeyBomb(16, 1000)).error()).isNull();
        assertThat(PickleProbe.run(tupleKeyBomb(17, 1)).error()).isNotNull();
    }

    @Test
    void hugeIntegerKeyIsRefused() {
        byte[] big = new byte[64]; // 511 bits: within the integer size the reader accepts, past the key bound
        big[big.length - 1] = 0x40;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x80, 2, '}', (byte) 0x8b});
        out.writeBytes(new byte[] {64, 0, 0, 0}); // LONG4 of 64 bytes, little-endian length
        out.writeBytes(big);
        out.writeBytes(new byte[] {'N', 's', '.'});
        PickleProbe.Run run = PickleProbe.run(out.toByteArray());
        assertThat(run.error()).isNotNull();
        assertThat(run.error().getMessage()).contains("dict key is an integer of 511 bits, more than the 256 allowed");
    }

    /** The same bomb as a pytorch_model.bin: refused through the public checkpoint reader, naming the file. */
    @Test
    void bombInACheckpointFailsFastNamingTheFile() throws Exception {
        Path bin = TorchZips.zip(tmp.resolve("pytorch_model.bin"),
                Map.of("archive/data.pkl", tupleKeyBomb(100_000, 100_000), "archive/version", "3\n".getBytes()));
        long start = System.nanoTime();
        try (TorchCheckpoint c = TorchCheckpoint.open(bin)) {
            throw new AssertionError("accepted the bomb: " + c.tensors().size());
        } catch (io.clipj.weights.CheckpointFormatException e) {
            assertThat(e.getMessage()).contains("pytorch_model.bin").contains("tuple of 100000 items");
        }
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(5);
        assertThat(Files.size(bin)).isLessThan(1 << 20);
    }
}

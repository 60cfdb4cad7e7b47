package io.clipj.weights.internal.safetensors.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.clipj.testing.FuzzCorpus;
import io.clipj.testing.Mutations;
import io.clipj.testing.SharedAssets;
import io.clipj.weights.CheckpointFormatException;
import io.clipj.weights.TensorInfo;
import io.clipj.weights.internal.safetensors.SafetensorsCheckpoint;
import io.clipj.weights.internal.safetensors.SafetensorsHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Arbitrary bytes as a {@code .safetensors} file: opening it and reading every tensor either works or fails
 * with an {@link IOException} / {@link IllegalArgumentException} whose message names the problem; never an
 * OutOfMemoryError, NegativeArraySizeException, IndexOutOfBoundsException, ArithmeticException or a hang.
 */
class SafetensorsFuzzTest {

    private static final long DATA_LENGTH = 4096;
    private static Path scratch;

    @BeforeAll
    static void setUp() throws IOException {
        scratch = FuzzCorpus.scratchFile("fuzz.safetensors");
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        for (String f : new String[] {"model.safetensors", "model.fp16.safetensors"}) {
            seeds.put(f + "-header", headerOnly(SharedAssets.tinyModel().resolve(f)));
        }
        FuzzCorpus.seedWhenFuzzing(SafetensorsFuzzTest.class, "open", seeds);
        Map<String, byte[]> headers = new LinkedHashMap<>();
        seeds.forEach((name, bytes) -> headers.put(name, headerInput(bytes)));
        FuzzCorpus.seedWhenFuzzing(SafetensorsFuzzTest.class, "header", headers);
    }

    @FuzzTest(maxDuration = "5m")
    void open(byte[] data) throws IOException {
        check(data);
    }

    /**
     * The header parser alone, in memory (about 50 times the executions of {@link #open}, which writes and
     * maps a file each time): the input is the JSON, against a data section of {@value #DATA_LENGTH} bytes.
     */
    @FuzzTest(maxDuration = "5m")
    void header(byte[] json) {
        long dataLength = DATA_LENGTH;
        try {
            SafetensorsHeader h = SafetensorsHeader.parse(json, dataLength, "fuzz.safetensors");
            for (TensorInfo t : h.tensors().values()) {
                long begin = h.begins().get(t.name());
                if (begin < 0 || begin + t.elementCount() * t.dtype().byteSize() > dataLength) {
                    throw new AssertionError("accepted tensor " + t + " outside the data section");
                }
            }
        } catch (CheckpointFormatException e) {
            FuzzCorpus.requireMessage(e);
        }
    }

    /**
     * The shared tiny model's files (read in place) and deterministic mutants of their header region obey the
     * same contract; the unmodified files open.
     */
    @Test
    void sharedCheckpointsAndTheirMutants() throws IOException {
        for (String f : new String[] {"model.safetensors", "model.fp16.safetensors"}) {
            byte[] real = Files.readAllBytes(SharedAssets.tinyModel().resolve(f));
            Files.write(scratch, real);
            try (SafetensorsCheckpoint ckpt = SafetensorsCheckpoint.open(scratch)) {
                readAll(ckpt);
            }
            byte[] head = headerOnly(SharedAssets.tinyModel().resolve(f));
            for (byte[] m : Mutations.of(head, 150, f.hashCode())) {
                byte[] mutant = real.clone();
                System.arraycopy(m, 0, mutant, 0, m.length);
                check(m.length < head.length ? m : mutant);
            }
        }
    }

    static void check(byte[] data) throws IOException {
        Files.write(scratch, data);
        try (SafetensorsCheckpoint ckpt = SafetensorsCheckpoint.open(scratch)) {
            readAll(ckpt);
        } catch (IOException | IllegalArgumentException e) {
            FuzzCorpus.requireMessage(e);
        }
    }

    private static void readAll(SafetensorsCheckpoint ckpt) throws IOException {
        for (TensorInfo t : ckpt.tensors().values()) {
            if (t.dtype().isFloatingPoint()) {
                ckpt.readFloats(t.name());
            } else {
                ckpt.readLongs(t.name());
            }
        }
    }

    /** A {@link #header} input: the JSON of a file's header. */
    static byte[] headerInput(byte[] safetensorsHead) {
        return Arrays.copyOfRange(safetensorsHead, 8, safetensorsHead.length);
    }

    /** The 8-byte length and the JSON header of a real file, without its tensor data. */
    static byte[] headerOnly(Path file) throws IOException {
        byte[] start;
        try (var in = Files.newInputStream(file)) {
            start = in.readNBytes(8);
            long n = ByteBuffer.wrap(start).order(ByteOrder.LITTLE_ENDIAN).getLong();
            byte[] json = in.readNBytes((int) Math.min(n, 1 << 20));
            byte[] out = Arrays.copyOf(start, 8 + json.length);
            System.arraycopy(json, 0, out, 8, json.length);
            return out;
        }
    }
}

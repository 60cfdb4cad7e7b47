package io.clipj.weights.internal.torch.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.clipj.testing.FuzzCorpus;
import io.clipj.testing.Mutations;
import io.clipj.testing.SharedAssets;
import io.clipj.weights.TensorInfo;
import io.clipj.weights.internal.torch.PickleProbe;
import io.clipj.weights.internal.torch.TorchCheckpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The torch checkpoint reader under hostile input. {@link #pickleInZip}: arbitrary bytes as {@code data.pkl}
 * inside an otherwise valid archive (with storages {@code 0}, {@code 1}, {@code 2}); {@link #zipFile}:
 * arbitrary bytes as the whole file. Either the checkpoint opens and every tensor reads, or the error is an
 * {@link IOException} / {@link IllegalArgumentException} with a message; and no global outside the state-dict
 * allow-list is ever handed to the pickle machine.
 */
class TorchZipFuzzTest {

    /** The allow-list as documented in docs/security.md; the policy must never resolve anything else. */
    static final Set<String> ALLOWED = Set.of("collections.OrderedDict", "torch._utils._rebuild_tensor_v2",
            "torch._utils._rebuild_tensor", "torch._utils._rebuild_parameter",
            "torch._utils._rebuild_parameter_with_state", "torch.FloatStorage", "torch.HalfStorage",
            "torch.BFloat16Storage", "torch.DoubleStorage", "torch.LongStorage", "torch.IntStorage",
            "torch.ShortStorage", "torch.CharStorage", "torch.ByteStorage", "torch.BoolStorage");

    private static Path scratch;

    @BeforeAll
    static void setUp() throws IOException {
        scratch = FuzzCorpus.scratchFile("fuzz.bin");
        Map<String, byte[]> pickles = new LinkedHashMap<>();
        pickles.put("tiny-data.pkl", sharedPickle());
        FuzzCorpus.seedWhenFuzzing(TorchZipFuzzTest.class, "pickleInZip", pickles);
    }

    @FuzzTest(maxDuration = "5m")
    void pickleInZip(byte[] pickle) throws IOException {
        checkPickle(pickle);
    }

    @FuzzTest(maxDuration = "5m")
    void zipFile(byte[] data) throws IOException {
        checkFile(data);
    }

    /** The shared tiny model's real pickle (read in place) and its mutants keep the same contract. */
    @Test
    void sharedPickleAndItsMutants() throws IOException {
        byte[] real = sharedPickle();
        PickleProbe.Run run = PickleProbe.run(real);
        assertThat(run.error()).isNull();
        assertThat(ALLOWED).containsAll(run.resolvedGlobals());
        for (byte[] m : Mutations.of(real, 300, 42)) {
            checkPickle(m);
        }
    }

    static void checkPickle(byte[] pickle) throws IOException {
        PickleProbe.Run run = PickleProbe.run(pickle);
        assertThat(ALLOWED).as("globals the pickle machine was given").containsAll(run.resolvedGlobals());
        if (run.error() != null) {
            FuzzCorpus.requireMessage(run.error());
        }
        checkFile(zipWith(pickle));
    }

    static void checkFile(byte[] data) throws IOException {
        Files.write(scratch, data);
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(scratch)) {
            for (TensorInfo t : ckpt.tensors().values()) {
                if (t.dtype().isFloatingPoint()) {
                    ckpt.readFloats(t.name());
                } else {
                    ckpt.readLongs(t.name());
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            FuzzCorpus.requireMessage(e);
        }
    }

    /** A torch-layout archive around {@code pickle}: byteorder, three small storages, version. */
    static byte[] zipWith(byte[] pickle) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            stored(zip, "archive/data.pkl", pickle);
            stored(zip, "archive/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
            stored(zip, "archive/data/0", new byte[64]);
            stored(zip, "archive/data/1", new byte[16]);
            stored(zip, "archive/data/2", new byte[40]);
            stored(zip, "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
        return bytes.toByteArray();
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    /** {@code data.pkl} of the shared tiny {@code pytorch_model.bin}, read in place. */
    static byte[] sharedPickle() throws IOException {
        try (ZipFile zip = new ZipFile(SharedAssets.tinyModel().resolve("pytorch_model.bin").toFile())) {
            ZipEntry pkl = zip.stream().filter(e -> e.getName().endsWith("/data.pkl")).findFirst().orElseThrow();
            return zip.getInputStream(pkl).readAllBytes();
        }
    }
}

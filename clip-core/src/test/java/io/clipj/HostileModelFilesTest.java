package io.clipj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.clipj.testutil.Golden;
import io.clipj.weights.CheckpointFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading a model directory whose weights are hostile: a pickle that calls {@code posix.system}, a
 * safetensors header claiming terabytes, a header with overlapping tensors. Each fails within seconds with
 * a {@link ModelLoadException} (caused by a {@link CheckpointFormatException}) naming the file and the problem; the pickle's command never runs.
 */
class HostileModelFilesTest {

    @TempDir
    Path dir;

    @Test
    void aPickleCallingPosixSystemIsRefusedBeforeAnythingRuns() throws IOException {
        Path marker = dir.resolve("pwned");
        byte[] pickle = maliciousPickle("touch " + marker);
        Path model = modelWith("pytorch_model.bin", torchZip(pickle));
        assertThatThrownBy(() -> load(model))
                .isInstanceOf(ModelLoadException.class)
                .hasCauseInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("pytorch_model.bin")
                .hasMessageContaining("refusing pickle global posix.system");
        assertThat(marker).doesNotExist();
    }

    @Test
    void aSafetensorsHeaderClaimingTerabytesIsRefused() throws IOException {
        byte[] file = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).put("{}".getBytes(
                StandardCharsets.US_ASCII)).array();
        Path model = modelWith("model.safetensors", file);
        assertThatThrownBy(() -> load(model))
                .isInstanceOf(ModelLoadException.class)
                .hasCauseInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("model.safetensors")
                .hasMessageContaining("limit");
    }

    @Test
    void overlappingSafetensorsAreRefused() throws IOException {
        String json = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        byte[] header = json.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + 12).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header);
        Path model = modelWith("model.safetensors", b.array());
        assertThatThrownBy(() -> load(model))
                .isInstanceOf(ModelLoadException.class)
                .hasCauseInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("model.safetensors")
                .hasMessageContaining("overlap");
    }

    private static void load(Path model) {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try (Clip clip = Clip.load(model)) {
                clip.embedTexts(java.util.List.of("a cat"));
            }
        });
    }

    /** The tiny model's config files (copied into the temporary directory) with hostile weights. */
    private Path modelWith(String weightsName, byte[] weights) throws IOException {
        Path model = Files.createDirectories(dir.resolve("model"));
        for (String f : new String[] {"config.json", "preprocessor_config.json", "tokenizer_config.json",
                "special_tokens_map.json"}) {
            Files.copy(Golden.tinyDir().resolve(f), model.resolve(f));
        }
        Files.write(model.resolve(weightsName), weights);
        return model;
    }

    /** {@code posix.system(command)} as pickle protocol 2. */
    static byte[] maliciousPickle(String command) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.writeBytes(new byte[] {(byte) 0x80, 2});
        p.writeBytes("cposix\nsystem\n".getBytes(StandardCharsets.US_ASCII));
        byte[] c = command.getBytes(StandardCharsets.UTF_8);
        p.write('X');
        p.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(c.length).array());
        p.writeBytes(c);
        p.writeBytes(new byte[] {(byte) 0x85, 'R', '.'});
        return p.toByteArray();
    }

    static byte[] torchZip(byte[] pickle) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream o = bytes; ZipOutputStream zip = new ZipOutputStream(o)) {
            ZipEntry e = new ZipEntry("archive/data.pkl");
            CRC32 crc = new CRC32();
            crc.update(pickle);
            e.setMethod(ZipEntry.STORED);
            e.setSize(pickle.length);
            e.setCompressedSize(pickle.length);
            e.setCrc(crc.getValue());
            zip.putNextEntry(e);
            zip.write(pickle);
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}

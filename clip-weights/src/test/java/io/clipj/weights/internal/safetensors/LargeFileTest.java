package io.clipj.weights.internal.safetensors;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipj.weights.internal.HalfFloats;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sparse safetensors file just over 2 GiB, so it needs several 1 GiB mappings; tensors straddle the
 * 1 GiB and 2 GiB boundaries at odd offsets. Sparse, so it costs almost no disk.
 */
class LargeFileTest {

    @TempDir
    Path tmp;

    @Test
    void readsTensorsAcrossMappingBoundariesOfAFileOver2GiB() throws IOException {
        long oneGiB = 1L << 30;
        long f32At = oneGiB - 30;          // absolute offsets, deliberately unaligned
        long f16At = 2 * oneGiB - 14;
        String header = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[4,4],\"data_offsets\":[%d,%d]},"
                + "\"b\":{\"dtype\":\"F16\",\"shape\":[16],\"data_offsets\":[%d,%d]}}";
        // the header length changes the data start, which changes the offsets: fix the width with padding
        String probe = String.format(header, 0L, 0L, 0L, 0L);
        int headerLength = probe.length() + 64;
        long dataStart = 8 + headerLength;
        String text = String.format(header, f32At - dataStart, f32At - dataStart + 64, f16At - dataStart, f16At - dataStart + 32);
        text = text + " ".repeat(headerLength - text.length());
        Path file = tmp.resolve("big.safetensors");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.SPARSE)) {
            ByteBuffer head = ByteBuffer.allocate(8 + headerLength).order(ByteOrder.LITTLE_ENDIAN);
            head.putLong(headerLength).put(text.getBytes(StandardCharsets.US_ASCII)).flip();
            ch.write(head, 0);
            ByteBuffer a = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 16; i++) {
                a.putFloat(i + 0.25f);
            }
            ch.write(a.flip(), f32At);
            ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 16; i++) {
                b.putShort(HalfFloats.f32ToF16(-i));
            }
            ch.write(b.flip(), f16At);
            ch.write(ByteBuffer.wrap(new byte[] {0}), 2 * oneGiB + 4096); // extend past 2 GiB
        }
        try {
            assertThat(Files.size(file)).isGreaterThan(2 * oneGiB);
            try (SafetensorsCheckpoint c = SafetensorsCheckpoint.open(file)) {
                float[] a = c.readFloats("a");
                float[] b = c.readFloats("b");
                for (int i = 0; i < 16; i++) {
                    assertThat(a[i]).as("a[%d]", i).isEqualTo(i + 0.25f);
                    assertThat(b[i]).as("b[%d]", i).isEqualTo(-i);
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}

package io.clipj.spark;

import io.clipj.internal.data.TarEntry;
import io.clipj.internal.data.TarReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test fixtures: reads the members of tar shards and writes new ustar shards from them. */
final class TestShards {

    record Member(String name, byte[] content) {
    }

    private TestShards() {
    }

    static Path assets() {
        Path dir = Path.of(System.getProperty("clip.assets", "../shared"));
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("test assets not found at " + dir.toAbsolutePath() + " (set -Dclip.assets)");
        }
        return dir;
    }

    /** The members of {@code tars}, grouped by key, in order. */
    static Map<String, List<Member>> samples(List<Path> tars) throws IOException {
        Map<String, List<Member>> byKey = new LinkedHashMap<>();
        for (Path tar : tars) {
            try (TarReader reader = new TarReader(Files.newInputStream(tar), tar.toString())) {
                for (TarEntry e; (e = reader.nextEntry()) != null; ) {
                    byKey.computeIfAbsent(CaptionShardReader.key(e.name()), k -> new ArrayList<>())
                            .add(new Member(e.name(), reader.readContent()));
                }
            }
        }
        return byKey;
    }

    /** Writes {@code members} as a ustar archive. */
    static void write(Path tar, List<Member> members) throws IOException {
        try (OutputStream out = Files.newOutputStream(tar)) {
            for (Member m : members) {
                out.write(header(m.name(), m.content().length));
                out.write(m.content());
                out.write(new byte[(512 - m.content().length % 512) % 512]);
            }
            out.write(new byte[1024]);
        }
    }

    private static byte[] header(String name, long size) {
        byte[] h = new byte[512];
        put(h, 0, name, 100);
        put(h, 100, "0000644", 8);
        put(h, 108, "0000000", 8);
        put(h, 116, "0000000", 8);
        put(h, 124, String.format("%011o", size), 12);
        put(h, 136, "00000000000", 12);
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        h[156] = '0';
        put(h, 257, "ustar", 6);
        put(h, 263, "00", 2);
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o", sum), 7);
        return h;
    }

    private static void put(byte[] h, int at, String value, int width) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length > width) {
            throw new IllegalArgumentException(value + " longer than " + width);
        }
        System.arraycopy(bytes, 0, h, at, bytes.length);
    }
}

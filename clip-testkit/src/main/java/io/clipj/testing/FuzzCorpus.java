package io.clipj.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Helpers shared by the Jazzer fuzz tests of clip-weights, clip-core and clip-bench.
 *
 * <p>{@link #seedWhenFuzzing} fills Jazzer's working corpus ({@code .cifuzz-corpus/<class>/<method>/},
 * relative to the module) with inputs built from the read-only shared assets at test time, so nothing from
 * {@code ../shared} is copied into the repository. It only acts while fuzzing ({@code JAZZER_FUZZ} set);
 * regression runs replay the small hand-made inputs committed under {@code src/test/resources}.
 */
public final class FuzzCorpus {

    private FuzzCorpus() {
    }

    /** Whether Jazzer is fuzzing (rather than replaying regression inputs). */
    public static boolean fuzzing() {
        String v = System.getenv("JAZZER_FUZZ");
        return v != null && !v.isEmpty() && !v.equals("0");
    }

    /** Writes {@code seeds} (name → bytes) into the fuzz test's working corpus when fuzzing. */
    public static void seedWhenFuzzing(Class<?> test, String method, Map<String, byte[]> seeds) throws IOException {
        if (!fuzzing()) {
            return;
        }
        Path dir = Path.of(".cifuzz-corpus", test.getName(), method);
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> e : seeds.entrySet()) {
            Files.write(dir.resolve("seed-" + e.getKey()), e.getValue());
        }
    }

    /**
     * A scratch file reused by every execution of one fuzz target (the readers under test take paths);
     * in {@code /dev/shm} when available so that fuzzing does not wear the disk.
     */
    public static Path scratchFile(String name) throws IOException {
        Path shm = Path.of("/dev/shm");
        Path base = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
        Path dir = base.resolve("clipj-fuzz-" + ProcessHandle.current().pid());
        Files.createDirectories(dir);
        dir.toFile().deleteOnExit();
        Path file = dir.resolve(name);
        file.toFile().deleteOnExit();
        return file;
    }

    /** Requires that a parser's error names the problem: a non-blank message. */
    public static void requireMessage(Throwable e) {
        if (e.getMessage() == null || e.getMessage().isBlank()) {
            throw new AssertionError("error without a message: " + e, e);
        }
    }
}

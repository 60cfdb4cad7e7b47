package io.clipj.tokenizer.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Seeds Jazzer's working corpus ({@code .cifuzz-corpus/<class>/<method>/}, relative to the module) with inputs
 * built from the read-only shared assets at test time, so that nothing from {@code ../shared} is copied into
 * the repository. Only acts while fuzzing ({@code JAZZER_FUZZ} set); regression runs read the committed
 * inputs under {@code src/test/resources}. (clip-weights has the same helper for the other modules; this
 * module comes first in the build.)
 */
final class FuzzCorpus {

    private FuzzCorpus() {
    }

    static boolean fuzzing() {
        String v = System.getenv("JAZZER_FUZZ");
        return v != null && !v.isEmpty() && !v.equals("0");
    }

    static void seedWhenFuzzing(Class<?> test, String method, Map<String, byte[]> seeds) throws IOException {
        if (!fuzzing()) {
            return;
        }
        Path dir = Path.of(".cifuzz-corpus", test.getName(), method);
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> e : seeds.entrySet()) {
            Files.write(dir.resolve("seed-" + e.getKey()), e.getValue());
        }
    }
}

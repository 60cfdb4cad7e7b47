package io.clipj.weights.config.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.clipj.testing.FuzzCorpus;
import io.clipj.testing.Mutations;
import io.clipj.testing.SharedAssets;
import io.clipj.weights.config.ClipConfigReader;
import io.clipj.weights.config.PreprocessorConfigReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Arbitrary bytes as {@code config.json} and {@code preprocessor_config.json}: reading either succeeds or
 * throws an {@link IOException} whose message names the file (bad JSON, bad values, malformed UTF-8), never
 * anything else (NumberFormatException, ArithmeticException, StackOverflowError, ...).
 */
class ConfigFuzzTest {

    private static Path scratch;

    @BeforeAll
    static void setUp() throws IOException {
        scratch = FuzzCorpus.scratchFile("fuzz-config.json");
        for (String dir : new String[] {"golden/tiny", "models/clip-vit-base-patch32"}) {
            Path d = SharedAssets.path(dir);
            String tag = dir.replace('/', '-');
            FuzzCorpus.seedWhenFuzzing(ConfigFuzzTest.class, "clipConfig",
                    Map.of(tag, Files.readAllBytes(d.resolve("config.json"))));
            FuzzCorpus.seedWhenFuzzing(ConfigFuzzTest.class, "preprocessorConfig",
                    Map.of(tag, Files.readAllBytes(d.resolve("preprocessor_config.json"))));
        }
    }

    @FuzzTest(maxDuration = "5m")
    void clipConfig(byte[] json) throws IOException {
        Files.write(scratch, json);
        try {
            ClipConfigReader.read(scratch);
        } catch (IOException e) {
            assertThat(e.getMessage()).contains(scratch.getFileName().toString());
        }
    }

    @FuzzTest(maxDuration = "5m")
    void preprocessorConfig(byte[] json) throws IOException {
        Files.write(scratch, json);
        try {
            PreprocessorConfigReader.read(scratch);
        } catch (IOException e) {
            assertThat(e.getMessage()).contains(scratch.getFileName().toString());
        }
    }

    /** The shared configs (read in place) parse, and their mutants keep the contract. */
    @Test
    void sharedConfigsAndTheirMutants() throws IOException {
        for (String dir : new String[] {"golden/tiny", "models/clip-vit-base-patch32"}) {
            Path d = SharedAssets.path(dir);
            ClipConfigReader.read(d);
            PreprocessorConfigReader.read(d);
            for (byte[] m : Mutations.of(Files.readAllBytes(d.resolve("config.json")), 100, 1)) {
                clipConfig(m);
            }
            for (byte[] m : Mutations.of(Files.readAllBytes(d.resolve("preprocessor_config.json")), 100, 2)) {
                preprocessorConfig(m);
            }
        }
    }
}

package io.clipj.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a new user sees first: the run without arguments, help and the version. */
class CliBasicsTest {

    @Test
    void noArgumentsPrintsTheUsageAndExitsTwo() {
        Cli r = Cli.run();
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).startsWith("Usage: clip-bench").contains("zeroshot", "embed", "similarity")
                .doesNotContain("error", "clip-bench clip-bench", "Try");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void unknownCommandNamesItAndPointsAtTheTopLevelHelp() {
        Cli r = Cli.run("zeroshoot");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("clip-bench: error: ").contains("zeroshoot")
                .contains("Try 'java -jar clip-bench.jar --help'.").doesNotContain("clip-bench clip-bench");
    }

    @Test
    void everyCommandsHelpFormatsWithoutPicocliWarnings() {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            for (String command : ClipCli.commandLine().getSubcommands().keySet()) {
                Cli r = Cli.run(command, "--help");
                assertThat(r.exit()).as(command).isZero();
                assertThat(r.out() + r.err()).as(command).doesNotContain("WARN", "Could not format");
            }
        } finally {
            System.setErr(saved);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("WARN", "Could not format");
    }

    @Test
    void versionIsTheProjectVersion() {
        Cli r = Cli.run("--version");
        assertThat(r.exit()).isZero();
        assertThat(r.out().strip()).matches("clipj \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?").doesNotContain("dev");
    }
}

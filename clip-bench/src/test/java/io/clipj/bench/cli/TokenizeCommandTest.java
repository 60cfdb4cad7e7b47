package io.clipj.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipj.testing.SharedAssets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tokenize} prints the golden ids, and bad inputs give one line naming the file and a non-zero exit. */
class TokenizeCommandTest {

    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cli = ClipCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static String model() {
        return SharedAssets.path("models/clip-vit-base-patch32").toString();
    }

    @Test
    void printsGoldenIds() throws Exception {
        Run r = run("tokenize", "--model", model(), "--texts-file", SharedAssets.path("golden/texts.json").toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        ObjectMapper json = new ObjectMapper();
        JsonNode expected = json.readTree(SharedAssets.tinyModel().resolve("inputs.json").toFile()).get("input_ids");
        assertThat(json.readTree(r.out())).isEqualTo(expected);
    }

    @Test
    void badTextsFilesNameTheFile() throws Exception {
        Path obj = Files.writeString(tmp.resolve("obj.json"), "{\"a\": 1}");
        Path num = Files.writeString(tmp.resolve("num.json"), "[\"ok\", 3]");
        Path broken = Files.writeString(tmp.resolve("broken.json"), "[\"unterminated");
        Path missing = tmp.resolve("missing.json");
        for (Path f : new Path[] {obj, num, broken, missing}) {
            Run r = run("tokenize", "--model", model(), "--texts-file", f.toString());
            assertThat(r.exit()).as(f.toString()).isNotZero();
            assertThat(r.out()).as(f.toString()).isEmpty();
            assertThat(r.err().strip()).as(f.toString()).contains(f.getFileName().toString()).doesNotContain("\n");
        }
        Run noModel = run("tokenize", "--model", tmp.resolve("nomodel").toString(), "--texts-file",
                SharedAssets.path("golden/texts.json").toString());
        assertThat(noModel.exit()).isNotZero();
        assertThat(noModel.err()).contains("nomodel");
    }
}

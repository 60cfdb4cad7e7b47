package io.clipj.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipj.testing.SharedAssets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code bench} ends stdout with the contract's throughput line, and names bad inputs in one stderr line. */
class BenchCommandTest {

    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
        String lastLine() {
            List<String> lines = out.strip().lines().toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = ClipCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void imageTowerPrintsImagesPerSecond() throws Exception {
        Result r = run("bench", "--model", SharedAssets.tinyModel().toString(), "--tower", "image", "--batch", "2",
                "--seconds", "0.2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.lastLine()).matches("image batch=2: [0-9]+\\.[0-9]+ img/s");
    }

    @Test
    void textTowerWithTextsFilePrintsTextsPerSecond() throws Exception {
        Path texts = dir.resolve("texts.json");
        Files.writeString(texts, "[\"a photo of a cat.\", \"a dog\", \"hello world, a longer text\"]");
        Result r = run("bench", "--model", SharedAssets.tinyModel().toString(), "--tower", "text", "--batch", "2",
                "--seconds", "0.2", "--warmup", "0.5", "--texts-file", texts.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.lastLine()).matches("text batch=2: [0-9]+\\.[0-9]+ txt/s");
    }

    @Test
    void compiledProfilePrintsTimePerKernelKindAndKeepsTheThroughputLineLast() throws Exception {
        Result r = run("bench", "--model", SharedAssets.tinyModel().toString(), "--tower", "image", "--batch", "1",
                "--seconds", "0.2", "--warmup", "0.5", "--profile", "--executor", "compiled");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.lastLine()).matches("image batch=1: [0-9]+\\.[0-9]+ img/s");
        assertThat(r.err())
                .containsPattern("bench: profile of [0-9]+ calls of batch 1: [0-9.]+ img/s with the op timer attached")
                .containsPattern("(?m)^linear +[0-9.]+ +[0-9.]+%")
                .containsPattern("(?m)^softmax +[0-9.]+ ")
                .containsPattern("(?m)^all kernels +[0-9.]+ ");
    }

    @Test
    void profilePrintsTimePerOpKindToStderrAndKeepsTheThroughputLineLast() throws Exception {
        Result r = run("bench", "--model", SharedAssets.tinyModel().toString(), "--tower", "image", "--batch", "1",
                "--seconds", "0.2", "--warmup", "0.5", "--profile", "--executor", "samediff");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.lastLine()).matches("image batch=1: [0-9]+\\.[0-9]+ img/s");
        assertThat(r.err())
                .containsPattern("bench: profile of [0-9]+ calls of batch 1: [0-9.]+ img/s with the op timer attached")
                .containsPattern("(?m)^matmul \\[[0-9]+, [0-9]+\\]·\\[[0-9]+, [0-9]+\\]ᵀ +[0-9.]+ ")
                .containsPattern("(?m)^softmax ")
                .containsPattern("outside ops -?[0-9.]+ ms/call");
    }

    @Test
    void badInputsAreNamed() throws Exception {
        Path notArray = dir.resolve("bad.json");
        Files.writeString(notArray, "{\"a\": 1}");
        String tiny = SharedAssets.tinyModel().toString();
        Result missingModel = run("bench", "--model", dir.resolve("nope").toString(), "--tower", "image");
        Result badBatch = run("bench", "--model", tiny, "--tower", "image", "--batch", "0");
        Result badFile = run("bench", "--model", tiny, "--tower", "text", "--texts-file", notArray.toString());
        Result badTower = run("bench", "--model", tiny, "--tower", "audio");
        Result badWarmup = run("bench", "--model", tiny, "--tower", "image", "--warmup", "-1");
        org.junit.jupiter.api.Assertions.assertAll(
                () -> assertThat(missingModel.code()).isEqualTo(1),
                () -> assertThat(missingModel.err()).contains("nope"),
                () -> assertThat(badBatch.code()).isEqualTo(1),
                () -> assertThat(badBatch.err()).contains("--batch"),
                () -> assertThat(badFile.code()).isEqualTo(1),
                () -> assertThat(badFile.err()).contains("bad.json").contains("array"),
                () -> assertThat(badTower.code()).isEqualTo(2),
                () -> assertThat(badTower.err()).contains("audio"),
                () -> assertThat(badWarmup.code()).isEqualTo(1),
                () -> assertThat(badWarmup.err()).contains("--warmup").contains("-1"));
    }
}

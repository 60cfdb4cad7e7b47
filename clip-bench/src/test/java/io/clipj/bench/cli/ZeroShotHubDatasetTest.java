package io.clipj.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.clipj.testing.SharedAssets;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code zeroshot --dataset acme/some-wds} against a loopback stand-in for the Hub serving
 * {@code wds/imagenetv2-sample} (the API's {@code /datasets/{id}/resolve/{revision}/{file}} with ETag, commit and
 * size headers, 404 {@code EntryNotFound} for absent files): R.json's top-5 lists and accuracies equal
 * golden/tiny/zeroshot, the files land in {@code HF_HOME/hub/datasets--acme--some-wds/} in the HF cache layout,
 * and a second run with the server gone and {@code HF_HUB_OFFLINE=1} gives the same report. The CLI runs as a
 * separate process so that the HF_* environment is real.
 */
class ZeroShotHubDatasetTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path tmp;

    @Test
    void hubDatasetIdIsDownloadedCachedAndRerunOffline() throws Exception {
        Path dataset = SharedAssets.path("wds/imagenetv2-sample");
        List<String> requested = new CopyOnWriteArrayList<>();
        HttpServer hub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hub.createContext("/", ex -> serve(ex, dataset, requested));
        hub.start();
        Path hfHome = tmp.resolve("hf");
        Path cache = tmp.resolve("classifiers");
        JsonNode golden = JSON.readTree(SharedAssets.path("golden/tiny/zeroshot/zeroshot.json").toFile());
        Run online;
        try {
            online = run(Map.of("HF_HOME", hfHome.toString(), "HF_ENDPOINT", "http://127.0.0.1:"
                    + hub.getAddress().getPort()), "--dataset", "acme/some-wds", "--cache-dir", cache.toString(),
                    "--out", tmp.resolve("R.json").toString());
        } finally {
            hub.stop(0);
        }
        assertThat(online.exit).as(online.toString()).isZero();
        JsonNode report = JSON.readTree(tmp.resolve("R.json").toFile());
        Path snapshot = hfHome.resolve("hub/datasets--acme--some-wds/snapshots/" + COMMIT);
        assertAll(
                () -> assertTopFiveAndAccuracies(report, golden),
                () -> assertThat(report.get("dataset").asText()).isEqualTo("acme/some-wds"),
                () -> assertThat(snapshot.resolve("test/0.tar")).isRegularFile(),
                () -> assertThat(snapshot.resolve("test/1.tar")).isRegularFile(),
                () -> assertThat(snapshot.resolve("classnames.txt")).isRegularFile(),
                () -> assertThat(Files.readString(hfHome.resolve("hub/datasets--acme--some-wds/refs/main")))
                        .isEqualTo(COMMIT),
                () -> assertThat(requested).allMatch(p -> p.startsWith("/datasets/acme/some-wds/resolve/")),
                () -> assertThat(online.err).contains("dataset acme/some-wds: 2/2 test/1.tar"));

        Run offline = run(Map.of("HF_HOME", hfHome.toString(), "HF_HUB_OFFLINE", "1"), "--dataset", "acme/some-wds",
                "--cache-dir", cache.toString(), "--out", tmp.resolve("R2.json").toString());
        assertThat(offline.exit).as(offline.toString()).isZero();
        JsonNode again = JSON.readTree(tmp.resolve("R2.json").toFile());
        assertThat(again.get("predictions")).isEqualTo(report.get("predictions"));
        assertThat(again.get("metrics")).isEqualTo(report.get("metrics"));
    }

    @Test
    void bareNameIsNotLookedUpAndSaysHowToNameAHubDataset() throws Exception {
        Run r = run(Map.of("HF_HOME", tmp.resolve("hf").toString(), "HF_HUB_OFFLINE", "1"), "--dataset",
                "wds_imagenetv2", "--out", tmp.resolve("R.json").toString());
        assertThat(r.exit).as(r.toString()).isEqualTo(1);
        assertThat(r.err.strip()).doesNotContain("\n").contains("wds_imagenetv2", "directory not found",
                "clip-benchmark/wds_imagenetv2");
    }

    private static void assertTopFiveAndAccuracies(JsonNode report, JsonNode golden) {
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < golden.get("keys").size(); i++) {
            String key = golden.get("keys").get(i).asText();
            JsonNode top5 = report.get("predictions").get(key).get("top5");
            if (!golden.get("top5").get(i).equals(top5)) {
                mismatches.add(key + ": " + top5 + ", golden " + golden.get("top5").get(i));
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(report.get("n").asInt()).isEqualTo(golden.get("keys").size());
        assertThat(report.get("metrics").get("acc1").asDouble()).isEqualTo(golden.get("acc1").asDouble());
        assertThat(report.get("metrics").get("acc5").asDouble()).isEqualTo(golden.get("acc5").asDouble());
        assertThat(report.get("metrics").has("mean_per_class_recall")).isTrue();
    }

    /** The Hub's resolve endpoint for one dataset repo at one commit (regular files, no LFS redirect). */
    private static void serve(HttpExchange ex, Path root, List<String> requested) throws IOException {
        try (ex) {
            String raw = ex.getRequestURI().getRawPath();
            requested.add(raw);
            String prefix = "/datasets/acme/some-wds/resolve/";
            if (!raw.startsWith(prefix)) {
                ex.getResponseHeaders().set("X-Error-Code", "RepoNotFound");
                ex.sendResponseHeaders(401, -1);
                return;
            }
            String rest = raw.substring(prefix.length());
            String revision = URLDecoder.decode(rest.substring(0, rest.indexOf('/')), StandardCharsets.UTF_8);
            String file = URLDecoder.decode(rest.substring(rest.indexOf('/') + 1), StandardCharsets.UTF_8);
            if (!revision.equals("main") && !revision.equals(COMMIT)) {
                ex.getResponseHeaders().set("X-Error-Code", "RevisionNotFound");
                ex.sendResponseHeaders(404, -1);
                return;
            }
            ex.getResponseHeaders().set("X-Repo-Commit", COMMIT);
            Path source = root.resolve(file).normalize();
            if (!source.startsWith(root) || !Files.isRegularFile(source)) {
                ex.getResponseHeaders().set("X-Error-Code", "EntryNotFound");
                ex.sendResponseHeaders(404, -1);
                return;
            }
            byte[] bytes = Files.readAllBytes(source);
            ex.getResponseHeaders().set("ETag", "\"" + gitBlobSha1(bytes) + "\"");
            if (ex.getRequestMethod().equals("HEAD")) {
                ex.getResponseHeaders().set("Content-Length", Long.toString(bytes.length));
                ex.sendResponseHeaders(200, -1);
            } else {
                ex.sendResponseHeaders(200, bytes.length);
                ex.getResponseBody().write(bytes);
            }
        }
    }

    private static String gitBlobSha1(byte[] bytes) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-1");
            d.update(("blob " + bytes.length + "\0").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(d.digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Run(int exit, String out, String err) {
    }

    /** {@code zeroshot --model golden/tiny ARGS} in a child JVM with exactly {@code env}'s HF_* variables. */
    private Run run(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ClipCli.class.getName(), "zeroshot", "--model",
                SharedAssets.tinyModel().toString(), "--batch-size", "4", "--text-batch-size", "500"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("HF_"));
        pb.environment().putAll(env);
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("zeroshot did not finish in 5 minutes");
        }
        try (Stream<Path> ignored = Stream.empty()) {
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        }
    }
}

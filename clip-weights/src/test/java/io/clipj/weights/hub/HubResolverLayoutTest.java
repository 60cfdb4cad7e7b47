package io.clipj.weights.hub;

import static io.clipj.weights.hub.HubTestSupport.COMMIT;
import static io.clipj.weights.hub.HubTestSupport.LFS;
import static io.clipj.weights.hub.HubTestSupport.REPO;
import static io.clipj.weights.hub.HubTestSupport.SMALL;
import static io.clipj.weights.hub.HubTestSupport.addTinyRepo;
import static io.clipj.weights.hub.HubTestSupport.options;
import static io.clipj.weights.hub.HubTestSupport.tiny;
import static io.clipj.weights.hub.HubTestSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache clipj writes is huggingface_hub's, file for file, and a cache in that layout is used offline. */
class HubResolverLayoutTest {

    @TempDir
    Path cache;

    @Test
    void freshDownloadWritesTheHuggingfaceHubLayout() throws IOException {
        try (FakeHub hub = new FakeHub()) {
            addTinyRepo(hub, REPO, COMMIT, LFS);
            Path dir = new HubResolver(options(hub.endpoint(), cache).build()).resolve(REPO);

            Path storage = cache.resolve("models--openai--clip-tiny");
            SoftAssertions soft = new SoftAssertions();
            soft.assertThat(dir).isEqualTo(storage.resolve("snapshots").resolve(COMMIT));
            soft.assertThat(Files.readString(storage.resolve("refs/main"), StandardCharsets.UTF_8))
                    .as("refs/main holds the commit, no newline").isEqualTo(COMMIT);

            TreeSet<String> expected = new TreeSet<>();
            soft.assertThat(Files.readString(cache.resolve("CACHEDIR.TAG"))).as("cache directory tag")
                    .startsWith("Signature: 8a477f597d28d172789f06886806bc55\n");
            for (String d : List.of("CACHEDIR.TAG", ".locks/", ".locks/models--openai--clip-tiny/", "models--openai--clip-tiny/",
                    "models--openai--clip-tiny/.no_exist/", "models--openai--clip-tiny/.no_exist/" + COMMIT + "/",
                    "models--openai--clip-tiny/blobs/", "models--openai--clip-tiny/refs/",
                    "models--openai--clip-tiny/refs/main", "models--openai--clip-tiny/snapshots/",
                    "models--openai--clip-tiny/snapshots/" + COMMIT + "/")) {
                expected.add(d);
            }
            for (String absent : List.of("tokenizer.json", "added_tokens.json")) {
                expected.add("models--openai--clip-tiny/.no_exist/" + COMMIT + "/" + absent);
            }
            List<String> present = new ArrayList<>(SMALL);
            present.add("model.safetensors");
            for (String f : present) {
                byte[] bytes = Files.readAllBytes(tiny(f));
                boolean lfs = f.equals("model.safetensors");
                String etag = lfs ? FakeHub.sha256(bytes) : FakeHub.gitBlobSha1(bytes);
                expected.add("models--openai--clip-tiny/blobs/" + etag);
                expected.add(".locks/models--openai--clip-tiny/" + etag + ".lock");
                expected.add("models--openai--clip-tiny/snapshots/" + COMMIT + "/" + f);
                Path pointer = dir.resolve(f);
                soft.assertThat(Files.isSymbolicLink(pointer)).as("%s is a symlink", f).isTrue();
                if (Files.isSymbolicLink(pointer)) {
                    soft.assertThat(Files.readSymbolicLink(pointer).toString()).as("link target of %s", f)
                            .isEqualTo("../../blobs/" + etag);
                }
                soft.assertThat(Files.readAllBytes(storage.resolve("blobs").resolve(etag))).as("blob of %s", f)
                        .isEqualTo(bytes);
            }
            soft.assertThat(tree(cache)).as("whole cache tree").containsExactlyElementsOf(expected);

            List<String> asked = hub.requests("hub").stream().map(r -> r.path()).toList();
            soft.assertThat(asked).as("safetensors preferred: no .bin, index, Flax or TF requested")
                    .noneMatch(p -> p.contains("pytorch_model.bin") || p.contains("index.json")
                            || p.contains("flax_model") || p.contains("tf_model") || p.contains("fp16"));
            soft.assertThat(asked.get(0)).as("config.json is asked at the branch")
                    .isEqualTo("/" + REPO + "/resolve/main/config.json");
            soft.assertThat(asked.subList(1, asked.size())).as("the rest (and the GET of config.json) at its commit")
                    .allMatch(p -> p.startsWith("/" + REPO + "/resolve/" + COMMIT + "/"));
            soft.assertThat(hub.requests("cdn")).as("the token-less CDN got one GET, without Authorization")
                    .hasSize(1).allMatch(r -> r.authorization() == null && r.range() == null);
            soft.assertAll();
        }
    }

    @Test
    void secondResolveWorksOfflineAndWithTheServerGone() throws IOException {
        Path dir;
        String endpoint;
        try (FakeHub hub = new FakeHub()) {
            addTinyRepo(hub, REPO, COMMIT, LFS);
            endpoint = hub.endpoint();
            dir = new HubResolver(options(endpoint, cache).build()).resolve(REPO);
        }
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(new HubResolver(options(endpoint, cache).offline(true).build()).resolve(REPO))
                .as("offline").isEqualTo(dir);
        soft.assertThat(new HubResolver(options(endpoint, cache).build()).resolve(REPO))
                .as("online, server stopped: falls back to refs/main as huggingface_hub does").isEqualTo(dir);
        soft.assertThat(new HubResolver(options(endpoint, cache).revision(COMMIT).build()).resolve(REPO))
                .as("online, pinned commit, server stopped: no network needed").isEqualTo(dir);
        soft.assertAll();
    }

    @Test
    void cacheFilledByPythonIsUsedWithNoServer() throws IOException {
        // As huggingface_hub leaves it after transformers' from_pretrained: absent files marked in .no_exist.
        usedWithNoServer(true);
    }

    @Test
    void cacheFilledBySnapshotDownloadIsUsedWithNoServer() throws IOException {
        // As snapshot_download leaves it: every file of the repo, but no .no_exist markers.
        usedWithNoServer(false);
    }

    private void usedWithNoServer(boolean withNoExistMarkers) throws IOException {
        // Built by hand exactly as huggingface_hub lays it out, for a repo that, like openai/clip-vit-base-patch32
        // on main, has pytorch_model.bin but no model.safetensors.
        Path storage = cache.resolve("models--openai--clip-vit-base-patch32");
        Path snapshot = storage.resolve("snapshots").resolve(COMMIT);
        Files.createDirectories(snapshot);
        Files.createDirectories(storage.resolve("blobs"));
        List<String> files = new ArrayList<>(SMALL);
        files.add("pytorch_model.bin");
        for (String f : files) {
            byte[] bytes = Files.readAllBytes(tiny(f));
            String etag = f.endsWith(".bin") ? FakeHub.sha256(bytes) : FakeHub.gitBlobSha1(bytes);
            Files.write(storage.resolve("blobs").resolve(etag), bytes);
            Files.createSymbolicLink(snapshot.resolve(f), Path.of("../../blobs/" + etag));
        }
        Files.createDirectories(storage.resolve("refs"));
        Files.writeString(storage.resolve("refs/main"), COMMIT);
        if (withNoExistMarkers) {
            Path noExist = storage.resolve(".no_exist").resolve(COMMIT);
            Files.createDirectories(noExist);
            for (String absent : List.of("model.safetensors", "model.safetensors.index.json", "tokenizer.json",
                    "added_tokens.json")) {
                Files.createFile(noExist.resolve(absent));
            }
        }
        List<String> before = tree(cache);
        String nothingListens = "http://127.0.0.1:9"; // discard port, loopback: connection refused

        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(new HubResolver(options(nothingListens, cache).offline(true).build())
                .resolve("openai/clip-vit-base-patch32")).as("offline").isEqualTo(snapshot);
        soft.assertThat(new HubResolver(options(nothingListens, cache).revision(COMMIT).build())
                .resolve("openai/clip-vit-base-patch32")).as("pinned commit, no server").isEqualTo(snapshot);
        soft.assertThat(new HubResolver(options(nothingListens, cache).build())
                .resolve("openai/clip-vit-base-patch32")).as("main, no server").isEqualTo(snapshot);
        soft.assertThat(tree(cache)).as("nothing written into Python's cache").isEqualTo(before);
        soft.assertAll();
    }

    @Test
    void pytorchWeightsWhenTheRepoHasNoSafetensorsAndAbsenceIsRecorded() throws IOException {
        try (FakeHub hub = new FakeHub()) {
            addTinyRepo(hub, REPO, COMMIT, List.of("pytorch_model.bin"));
            Path dir = new HubResolver(options(hub.endpoint(), cache).build()).resolve(REPO);
            Path noExist = cache.resolve("models--openai--clip-tiny/.no_exist").resolve(COMMIT);
            SoftAssertions soft = new SoftAssertions();
            soft.assertThat(Files.readAllBytes(dir.resolve("pytorch_model.bin")))
                    .isEqualTo(Files.readAllBytes(tiny("pytorch_model.bin")));
            soft.assertThat(dir.resolve("model.safetensors")).doesNotExist();
            soft.assertThat(noExist.resolve("model.safetensors")).isRegularFile();
            soft.assertThat(noExist.resolve("model.safetensors.index.json")).isRegularFile();
            int before = hub.requests.size();
            soft.assertThat(new HubResolver(options(hub.endpoint(), cache).build()).resolve(REPO)).isEqualTo(dir);
            soft.assertThat(hub.requests.subList(before, hub.requests.size())).as("second resolve: one HEAD of"
                    + " config.json at main, everything else known from the snapshot and .no_exist").hasSize(1);
            soft.assertAll();
        }
    }

    @Test
    void renamedRepoIsFollowedAndCachedUnderTheRequestedId() throws IOException {
        try (FakeHub hub = new FakeHub()) {
            addTinyRepo(hub, REPO, COMMIT, LFS);
            hub.renamed.put("openai/old-name", REPO);
            Path dir = new HubResolver(options(hub.endpoint(), cache).build()).resolve("openai/old-name");
            SoftAssertions soft = new SoftAssertions();
            soft.assertThat(dir).isEqualTo(cache.resolve("models--openai--old-name/snapshots").resolve(COMMIT));
            soft.assertThat(Files.readAllBytes(dir.resolve("model.safetensors")))
                    .isEqualTo(Files.readAllBytes(tiny("model.safetensors")));
            soft.assertAll();
        }
    }

    @Test
    void proxyFromTheEnvironmentIsUsedExceptForNoProxyHosts() throws IOException {
        try (FakeHub hub = new FakeHub()) {
            addTinyRepo(hub, REPO, COMMIT, LFS);
            // The .invalid name never resolves, so the Hub is reachable only through the proxy (the fake Hub
            // itself, which reads the path of the absolute request URI); the CDN host is in NO_PROXY.
            HubOptions options = HubOptions.builder(java.util.Map.of("http_proxy", hub.endpoint(),
                            "NO_PROXY", "example.org, localhost"), cache.resolve("home"))
                    .endpoint("http://hub.invalid").cacheDir(cache).progress(false).build();
            Path dir = new HubResolver(options).resolve(REPO);
            SoftAssertions soft = new SoftAssertions();
            soft.assertThat(Files.readAllBytes(dir.resolve("model.safetensors")))
                    .isEqualTo(Files.readAllBytes(tiny("model.safetensors")));
            soft.assertThat(hub.requests("cdn")).as("CDN reached directly").hasSize(1);
            soft.assertAll();
        }
    }

    @Test
    void modelLocatorReturnsALocalDirectoryAsIs() throws IOException {
        assertThat(ModelLocator.resolve(cache.toString())).isEqualTo(cache);
    }

    @Test
    void shardedSafetensorsIndexBringsItsShards() throws IOException {
        Path index = cache.resolveSibling(cache.getFileName() + "-index.json");
        Files.writeString(index, "{\"metadata\":{\"total_size\":1},\"weight_map\":{"
                + "\"a\":\"model-00001-of-00002.safetensors\",\"b\":\"model-00002-of-00002.safetensors\","
                + "\"c\":\"model-00001-of-00002.safetensors\"}}");
        try (FakeHub hub = new FakeHub()) {
            FakeHub.Repo repo = addTinyRepo(hub, REPO, COMMIT, List.of());
            repo.file("model.safetensors.index.json", index)
                    .lfsFile("model-00001-of-00002.safetensors", tiny("model.safetensors"))
                    .lfsFile("model-00002-of-00002.safetensors", tiny("model.fp16.safetensors"))
                    .lfsFile("pytorch_model.bin", tiny("pytorch_model.bin"));
            Path dir = new HubResolver(options(hub.endpoint(), cache).build()).resolve(REPO);
            SoftAssertions soft = new SoftAssertions();
            soft.assertThat(dir.resolve("model.safetensors.index.json")).isRegularFile();
            soft.assertThat(Files.readAllBytes(dir.resolve("model-00001-of-00002.safetensors")))
                    .isEqualTo(Files.readAllBytes(tiny("model.safetensors")));
            soft.assertThat(Files.readAllBytes(dir.resolve("model-00002-of-00002.safetensors")))
                    .isEqualTo(Files.readAllBytes(tiny("model.fp16.safetensors")));
            soft.assertThat(dir.resolve("pytorch_model.bin")).doesNotExist();
            soft.assertAll();
        } finally {
            Files.deleteIfExists(index);
        }
    }
}

package io.clipj.weights.hub;

import static io.clipj.weights.hub.HubTestSupport.COMMIT;
import static io.clipj.weights.hub.HubTestSupport.LFS;
import static io.clipj.weights.hub.HubTestSupport.REPO;
import static io.clipj.weights.hub.HubTestSupport.addTinyRepo;
import static io.clipj.weights.hub.HubTestSupport.options;
import static io.clipj.weights.hub.HubTestSupport.tiny;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Integrity and resumption of downloads: checksums, dropped connections, partial files. */
class HubResolverDownloadTest {

    @TempDir
    Path cache;

    private static String weightsSha() throws IOException {
        return FakeHub.sha256(Files.readAllBytes(tiny("model.safetensors")));
    }

    @Test
    void corruptedBodyIsRejectedAndNothingUnverifiedIsKept() throws IOException {
        String sha = weightsSha();
        Path blobs = cache.resolve("models--openai--clip-tiny/blobs");
        Path snapshot = cache.resolve("models--openai--clip-tiny/snapshots").resolve(COMMIT);
        try (FakeHub hub = new FakeHub()) {
            addTinyRepo(hub, REPO, COMMIT, LFS);
            hub.corrupt.put(sha, true);
            HubResolver resolver = new HubResolver(options(hub.endpoint(), cache).build());
            HubException e = catchThrowableOfType(HubException.class, () -> resolver.resolve(REPO));

            SoftAssertions soft = new SoftAssertions();
            soft.assertThat(e).isNotNull();
            if (e != null) {
                soft.assertThat(e.reason()).isEqualTo(HubException.Reason.CHECKSUM_MISMATCH);
                soft.assertThat(e.getMessage()).contains("SHA-256 of downloaded model.safetensors",
                        "expected " + sha, "the partial file", "was removed");
            }
            soft.assertThat(blobs.resolve(sha)).as("no unverified blob").doesNotExist();
            soft.assertThat(blobs.resolve(sha + ".incomplete")).as("bad partial file removed").doesNotExist();
            soft.assertThat(snapshot.resolve("model.safetensors")).as("no snapshot entry").doesNotExist();

            hub.corrupt.clear();
            Path dir = resolver.resolve(REPO);
            soft.assertThat(Files.readAllBytes(dir.resolve("model.safetensors"))).as("after the fault is gone")
                    .isEqualTo(Files.readAllBytes(tiny("model.safetensors")));
            soft.assertAll();
        }
    }

    @Test
    void droppedConnectionResumesWithARangeRequest() throws IOException {
        String sha = weightsSha();
        long dropAt = 3_000_000;
        try (FakeHub hub = new FakeHub()) {
            addTinyRepo(hub, REPO, COMMIT, LFS);
            hub.dropOnceAfter.put(sha, dropAt);
            Path dir = new HubResolver(options(hub.endpoint(), cache).build()).resolve(REPO);

            List<FakeHub.Request> cdn = hub.requests("cdn");
            SoftAssertions soft = new SoftAssertions();
            soft.assertThat(hub.drops.get()).as("the fault happened").isEqualTo(1);
            soft.assertThat(cdn).as("one GET, then one resume").hasSize(2);
            if (cdn.size() == 2) {
                soft.assertThat(cdn.get(0).range()).as("first GET whole").isNull();
                // Bytes in flight when the connection dropped are lost; resume where the file on disk ends.
                String range = cdn.get(1).range();
                soft.assertThat(range).as("resumed with Range").matches("bytes=\\d+-");
                if (range != null && range.matches("bytes=\\d+-")) {
                    soft.assertThat(Long.parseLong(range.substring(6, range.length() - 1))).as("resume offset")
                            .isPositive().isLessThanOrEqualTo(dropAt);
                }
            }
            soft.assertThat(Files.readAllBytes(dir.resolve("model.safetensors")))
                    .isEqualTo(Files.readAllBytes(tiny("model.safetensors")));
            soft.assertThat(cache.resolve("models--openai--clip-tiny/blobs/" + sha + ".incomplete")).doesNotExist();
            soft.assertAll();
        }
    }

    @Test
    void stalledConnectionIsAbandonedAndResumed() throws IOException {
        String sha = weightsSha();
        try (FakeHub hub = new FakeHub()) {
            addTinyRepo(hub, REPO, COMMIT, LFS);
            hub.stallOnceAfter.put(sha, 1_000_000L);
            Path dir = new HubResolver(options(hub.endpoint(), cache).requestTimeout(java.time.Duration.ofSeconds(2))
                    .build()).resolve(REPO);
            SoftAssertions soft = new SoftAssertions();
            soft.assertThat(hub.drops.get()).as("the stall happened").isEqualTo(1);
            soft.assertThat(hub.requests("cdn")).extracting(FakeHub.Request::range).as("resumed after the stall")
                    .hasSize(2).last().asString().startsWith("bytes=");
            soft.assertThat(Files.readAllBytes(dir.resolve("model.safetensors")))
                    .isEqualTo(Files.readAllBytes(tiny("model.safetensors")));
            soft.assertAll();
        }
    }

    @Test
    void partialFileFromAnEarlierRunIsResumed() throws IOException {
        String sha = weightsSha();
        byte[] bytes = Files.readAllBytes(tiny("model.safetensors"));
        Path incomplete = cache.resolve("models--openai--clip-tiny/blobs/" + sha + ".incomplete");
        Files.createDirectories(incomplete.getParent());
        Files.write(incomplete, Arrays.copyOf(bytes, 1000));
        try (FakeHub hub = new FakeHub()) {
            addTinyRepo(hub, REPO, COMMIT, LFS);
            Path dir = new HubResolver(options(hub.endpoint(), cache).build()).resolve(REPO);
            SoftAssertions soft = new SoftAssertions();
            soft.assertThat(hub.requests("cdn")).extracting(FakeHub.Request::range).containsExactly("bytes=1000-");
            soft.assertThat(Files.readAllBytes(dir.resolve("model.safetensors"))).isEqualTo(bytes);
            soft.assertAll();
        }
    }

    @Test
    void serverIgnoringRangeRestartsFromZero() throws IOException {
        String sha = weightsSha();
        byte[] bytes = Files.readAllBytes(tiny("model.safetensors"));
        Path incomplete = cache.resolve("models--openai--clip-tiny/blobs/" + sha + ".incomplete");
        Files.createDirectories(incomplete.getParent());
        Files.write(incomplete, Arrays.copyOf(bytes, 1000));
        try (FakeHub hub = new FakeHub()) {
            addTinyRepo(hub, REPO, COMMIT, LFS);
            hub.ignoreRange = true;
            Path dir = new HubResolver(options(hub.endpoint(), cache).build()).resolve(REPO);
            assertThat(Files.readAllBytes(dir.resolve("model.safetensors"))).isEqualTo(bytes);
        }
    }

    @Test
    void tooManyDropsGiveAClearErrorAndKeepThePartialFile() throws IOException {
        String sha = weightsSha();
        try (FakeHub hub = new FakeHub()) {
            addTinyRepo(hub, REPO, COMMIT, LFS);
            hub.dropOnceAfter.put(sha, 2_000_000L);
            HubResolver resolver = new HubResolver(options(hub.endpoint(), cache).maxRetries(0).build());
            HubException e = catchThrowableOfType(HubException.class, () -> resolver.resolve(REPO));
            Path incomplete = cache.resolve("models--openai--clip-tiny/blobs/" + sha + ".incomplete");
            SoftAssertions soft = new SoftAssertions();
            soft.assertThat(e).isNotNull();
            if (e != null) {
                soft.assertThat(e.reason()).isEqualTo(HubException.Reason.CONNECTION);
                soft.assertThat(incomplete).as("kept for the next run").exists();
                long kept = Files.exists(incomplete) ? Files.size(incomplete) : -1;
                soft.assertThat(kept).isPositive().isLessThanOrEqualTo(2_000_000L);
                soft.assertThat(e.getMessage()).contains("model.safetensors", "interrupted at " + kept + " of",
                        "Run again to resume", hub.cdnBase());
            }
            soft.assertAll();
        }
    }

    @Test
    void progressGoesToTheListenerAndNothingToStderr() throws IOException {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        List<String> events = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        DownloadListener listener = (file, total, initial) -> {
            events.add("start " + file + " " + total + " " + initial);
            return new DownloadListener.Download() {
                private long last;

                @Override
                public void progressed(long bytes) {
                    last = bytes;
                }

                @Override
                public void close() {
                    events.add("end " + file + " " + last);
                }
            };
        };
        try (FakeHub hub = new FakeHub()) {
            addTinyRepo(hub, REPO, COMMIT, LFS);
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            new HubResolver(options(hub.endpoint(), cache).progress(true).progressThreshold(1 << 20)
                    .listener(listener).build()).resolve(REPO);
        } finally {
            System.setErr(saved);
        }
        long size = Files.size(tiny("model.safetensors"));
        assertThat(events).contains("start model.safetensors " + size + " 0", "end model.safetensors " + size)
                .noneMatch(e -> e.contains("vocab.json"));
        // (the test JVM's Jazzer agent may note on stderr that it instrumented the listener class)
        assertThat(captured.toString(StandardCharsets.UTF_8)).as("the Hub client draws no bar")
                .doesNotContain("model.safetensors").doesNotContain("MiB");
    }
}

package io.clipj.weights.hub;

import io.clipj.weights.internal.hub.HubCache;
import static io.clipj.weights.hub.HubTestSupport.COMMIT;
import static io.clipj.weights.hub.HubTestSupport.LFS;
import static io.clipj.weights.hub.HubTestSupport.REPO;
import static io.clipj.weights.hub.HubTestSupport.SMALL;
import static io.clipj.weights.hub.HubTestSupport.addTinyRepo;
import static io.clipj.weights.hub.HubTestSupport.options;
import static io.clipj.weights.hub.HubTestSupport.tiny;
import static io.clipj.weights.hub.HubTestSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several resolvers at once, in threads and in another process, leave one correct cache. */
class HubResolverConcurrencyTest {

    @TempDir
    Path cache;

    @Test
    void concurrentResolvesDownloadEachBlobOnceAndAgree() throws Exception {
        int threads = 4;
        try (FakeHub hub = new FakeHub()) {
            addTinyRepo(hub, REPO, COMMIT, LFS);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Path>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                // Separate resolvers, as separate callers would have; they share only the disk.
                HubResolver resolver = new HubResolver(options(hub.endpoint(), cache).build());
                results.add(pool.submit(() -> {
                    start.await();
                    return resolver.resolve(REPO);
                }));
            }
            start.countDown();
            SoftAssertions soft = new SoftAssertions();
            Path expected = cache.resolve("models--openai--clip-tiny/snapshots").resolve(COMMIT);
            for (Future<Path> f : results) {
                soft.assertThat(f.get(120, TimeUnit.SECONDS)).isEqualTo(expected);
            }
            pool.shutdown();
            String sha = FakeHub.sha256(Files.readAllBytes(tiny("model.safetensors")));
            soft.assertThat(hub.requests("cdn")).as("the weights were fetched once")
                    .filteredOn(r -> r.path().endsWith(sha)).hasSize(1);
            List<String> files = new ArrayList<>(SMALL);
            files.add("model.safetensors");
            for (String file : files) {
                soft.assertThat(Files.readAllBytes(expected.resolve(file))).as(file)
                        .isEqualTo(Files.readAllBytes(tiny(file)));
            }
            soft.assertThat(tree(cache)).as("no temporary or partial files left")
                    .noneMatch(p -> p.contains(".incomplete") || p.contains(".tmp-"));
            soft.assertAll();
        }
    }

    @Test
    void anotherProcessHoldingTheBlobLockMakesUsWait() throws Exception {
        String sha = FakeHub.sha256(Files.readAllBytes(tiny("model.safetensors")));
        Path lockFile = cache.resolve(".locks/models--openai--clip-tiny").resolve(sha + ".lock");
        Path blob = cache.resolve("models--openai--clip-tiny/blobs").resolve(sha);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LockHolder.class.getName(), lockFile.toString()).redirectErrorStream(true).start();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (FakeHub hub = new FakeHub()) {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(out.readLine()).as("the other process holds the lock").isEqualTo("locked true");
            addTinyRepo(hub, REPO, COMMIT, LFS);
            HubResolver resolver = new HubResolver(options(hub.endpoint(), cache).build());
            Future<Path> result = pool.submit(() -> resolver.resolve(REPO));

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (hub.requests("hub").stream().noneMatch(r -> r.path().endsWith("/model.safetensors"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(1000);
            SoftAssertions soft = new SoftAssertions();
            soft.assertThat(result.isDone()).as("still waiting for the other process").isFalse();
            soft.assertThat(blob).as("no blob while locked").doesNotExist();
            soft.assertThat(hub.requests("cdn")).as("no download while locked").isEmpty();

            try (OutputStream in = holder.getOutputStream()) {
                in.write('\n');
            }
            soft.assertThat(result.get(120, TimeUnit.SECONDS).resolve("model.safetensors")).as("done after release")
                    .hasSameBinaryContentAs(tiny("model.safetensors"));
            soft.assertAll();
        } finally {
            pool.shutdownNow();
            holder.destroy();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void lockFilesFollowHuggingfaceHubsLocksDirectory() throws IOException {
        HubCache layout = new HubCache(cache);
        assertThat(layout.lock("org/name", "abc")).isEqualTo(cache.resolve(".locks/models--org--name/abc.lock"));
    }
}

package io.clipj.weights.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile "Hub" on 127.0.0.1 (com.sun.net.httpserver, nothing leaves the machine): redirects to link-local
 * and other non-public targets are refused by name before any request is made to them, a redirect loop says so,
 * a body longer than announced stops at the announced size, a trickled body is abandoned by the minimum rate,
 * and a process waiting on a stuck download's lock gives up in bounded time.
 */
class HubHostileServerTest {

    private static final String REPO = "org/model";
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    private static final String ETAG = "1111111111111111111111111111111111111111";

    /** One exchange's reply. */
    @FunctionalInterface
    interface Handler {
        void handle(HttpExchange ex) throws Exception;
    }

    @TempDir
    Path cache;

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
        pool.shutdownNow();
    }

    private String serve(Handler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(pool);
        server.createContext("/", ex -> {
            requests.add(ex.getRequestMethod() + " " + ex.getRequestURI());
            try {
                handler.handle(ex);
            } catch (Exception e) {
                // the client closed the connection, as it should for these bodies
            } finally {
                ex.close();
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private HubOptions.Builder options(String endpoint) {
        return HubOptions.builder(Map.of(), cache.resolve("home")).endpoint(endpoint).cacheDir(cache)
                .progress(false).connectTimeout(Duration.ofSeconds(2)).requestTimeout(Duration.ofSeconds(5))
                .maxRetries(1);
    }

    private static void headers(HttpExchange ex, long size) {
        ex.getResponseHeaders().add("X-Repo-Commit", COMMIT);
        ex.getResponseHeaders().add("ETag", "\"" + ETAG + "\"");
        ex.getResponseHeaders().add("Content-Length", Long.toString(size));
    }

    /** HEAD answers a regular 1000-byte file; GET runs {@code body}. */
    private Handler file(long size, Handler body) {
        return ex -> {
            if (ex.getRequestMethod().equals("HEAD")) {
                headers(ex, size);
                ex.sendResponseHeaders(200, -1);
            } else {
                body.handle(ex);
            }
        };
    }

    private Throwable resolveFails(HubOptions options, Duration within) {
        return assertTimeoutPreemptively(within, () -> {
            try {
                new HubResolver(options).resolve(REPO);
            } catch (HubException e) {
                return e;
            }
            throw new AssertionError("resolved");
        });
    }

    private List<String> cacheFiles() throws IOException {
        try (Stream<Path> s = Files.walk(cache)) {
            return s.filter(Files::isRegularFile).map(p -> cache.relativize(p) + ":" + p.toFile().length()).toList();
        }
    }

    @Test
    void redirectToLinkLocalIsRefusedByName() throws IOException {
        String endpoint = serve(ex -> {
            ex.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/iam");
            headers(ex, 0);
            ex.sendResponseHeaders(302, -1);
        });
        Throwable e = resolveFails(options(endpoint).build(), Duration.ofSeconds(20));
        assertThat(e).hasMessageContaining("refusing redirect").hasMessageContaining("169.254.169.254")
                .hasMessageContaining("link-local");
        assertThat(requests).hasSize(1);
    }

    /** The download's own redirect (GET) is checked too, not only the metadata request's. */
    @Test
    void downloadRedirectToLinkLocalIsRefused() throws IOException {
        String endpoint = serve(file(1000, ex -> {
            ex.getResponseHeaders().add("Location", "http://[fe80::1]/x");
            ex.sendResponseHeaders(302, -1);
        }));
        Throwable e = resolveFails(options(endpoint).build(), Duration.ofSeconds(20));
        assertThat(e).hasMessageContaining("refusing redirect").hasMessageContaining("[fe80::1]")
                .hasMessageContaining("link-local");
    }

    @Test
    void redirectLoopSaysSo() throws IOException {
        String endpoint = serve(ex -> {
            ex.getResponseHeaders().add("Location", ex.getRequestURI().toString());
            ex.sendResponseHeaders(307, -1);
        });
        Throwable e = resolveFails(options(endpoint).build(), Duration.ofSeconds(20));
        assertThat(e).hasMessageContaining("more than 5 redirects").hasMessageContaining("redirect loop");
    }

    /** A body past the announced size never reaches the disk: stopped at the size, partial file removed. */
    @Test
    void downloadStopsAtTheAnnouncedSize() throws IOException {
        String endpoint = serve(file(1000, ex -> {
            ex.sendResponseHeaders(200, 0); // chunked: no Content-Length to refuse up front
            try (OutputStream out = ex.getResponseBody()) {
                byte[] mb = new byte[1 << 20];
                for (int i = 0; i < 2048; i++) { // 2 GB if nobody stops it
                    out.write(mb);
                }
            }
        }));
        Throwable e = resolveFails(options(endpoint).build(), Duration.ofSeconds(30));
        assertThat(e).hasMessageContaining("more of config.json").hasMessageContaining("than the 1000 bytes");
        assertThat(cacheFiles()).noneMatch(f -> f.contains("blobs/"));
    }

    @Test
    void oversizedContentLengthIsRefusedBeforeReading() throws IOException {
        String endpoint = serve(file(1000, ex -> {
            ex.sendResponseHeaders(200, 1L << 40);
            ex.getResponseBody().write(new byte[1 << 16]);
        }));
        Throwable e = resolveFails(options(endpoint).build(), Duration.ofSeconds(30));
        assertThat(e).hasMessageContaining("Content-Length adds up to " + (1L << 40));
        assertThat(cacheFiles()).noneMatch(f -> f.contains("blobs/"));
    }

    /** One byte every 300 ms: below 1 KiB/s over a 1 s window, abandoned (not resumed) within seconds. */
    @Test
    void trickledBodyIsAbandoned() throws IOException {
        String endpoint = serve(file(1000, ex -> {
            ex.sendResponseHeaders(200, 1000);
            OutputStream out = ex.getResponseBody();
            for (int i = 0; i < 1000; i++) {
                out.write('x');
                out.flush();
                Thread.sleep(300);
            }
        }));
        long start = System.nanoTime();
        Throwable e = resolveFails(options(endpoint).minRate(1024).rateWindow(Duration.ofSeconds(1)).build(),
                Duration.ofSeconds(20));
        assertThat(e).hasMessageContaining("too slow").hasMessageContaining("HF_HUB_DOWNLOAD_MIN_RATE");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(10);
        assertThat(requests.stream().filter(r -> r.startsWith("GET"))).as("not resumed").hasSize(1);
    }

    /** Another process holds the blob's lock and never writes: the waiter gives up, naming the lock. */
    @Test
    void waiterOnAStuckLockGivesUp() throws Exception {
        String endpoint = serve(file(1000, ex -> ex.sendResponseHeaders(500, -1)));
        Path lockFile = cache.resolve(".locks/models--org--model/" + ETAG + ".lock");
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), LockHolder.class.getName(), lockFile.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("locked true");
            HubOptions options = options(endpoint).connectTimeout(Duration.ofMillis(500))
                    .requestTimeout(Duration.ofMillis(500)).rateWindow(Duration.ofSeconds(1)).build();
            long start = System.nanoTime();
            Throwable e = resolveFails(options, Duration.ofSeconds(20));
            assertThat(e).hasMessageContaining("gave up waiting for another process").hasMessageContaining(".lock");
            assertThat((System.nanoTime() - start) / 1e9).isLessThan(10);
        } finally {
            holder.getOutputStream().close();
            holder.waitFor(10, TimeUnit.SECONDS);
            holder.destroyForcibly();
        }
    }

    /** A trickling download in one thread: a second thread waiting on its lock ends in bounded time too. */
    @Test
    void waiterBehindATrickleEndsToo() throws Exception {
        String endpoint = serve(file(1000, ex -> {
            ex.sendResponseHeaders(200, 1000);
            OutputStream out = ex.getResponseBody();
            for (int i = 0; i < 1000; i++) {
                out.write('x');
                out.flush();
                Thread.sleep(300);
            }
        }));
        HubOptions options = options(endpoint).minRate(1024).rateWindow(Duration.ofSeconds(1)).build();
        long start = System.nanoTime();
        Future<Throwable> a = pool.submit(() -> resolveFails(options, Duration.ofSeconds(30)));
        Future<Throwable> b = pool.submit(() -> resolveFails(options, Duration.ofSeconds(30)));
        assertThat(a.get(40, TimeUnit.SECONDS)).isInstanceOf(HubException.class);
        assertThat(b.get(40, TimeUnit.SECONDS)).isInstanceOf(HubException.class);
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(20);
    }

    @Test
    void badEnvironmentSettingsAreNamed() {
        assertThatThrownBy(() -> HubOptions.builder(Map.of("HF_HUB_DOWNLOAD_MIN_RATE", "-5"), cache).build())
                .hasMessageContaining("HF_HUB_DOWNLOAD_MIN_RATE");
        assertThatThrownBy(() -> HubOptions.builder(Map.of("HF_HUB_DOWNLOAD_RATE_WINDOW", "0"), cache).build())
                .hasMessageContaining("HF_HUB_DOWNLOAD_RATE_WINDOW");
        HubOptions o = HubOptions.builder(Map.of("HF_HUB_DOWNLOAD_MIN_RATE", "0", "HF_HUB_DOWNLOAD_RATE_WINDOW", "2.5"),
                cache).build();
        assertThat(o.minRate()).isZero();
        assertThat(o.rateWindow()).isEqualTo(Duration.ofMillis(2500));
        HubOptions d = HubOptions.builder(Map.of(), cache).build();
        assertThat(d.minRate()).isEqualTo(HubOptions.DEFAULT_MIN_RATE);
        assertThat(d.rateWindow()).isEqualTo(HubOptions.DEFAULT_RATE_WINDOW);
    }
}

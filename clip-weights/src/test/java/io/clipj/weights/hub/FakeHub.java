package io.clipj.weights.hub;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process stand-in for the Hugging Face Hub's {@code /{repo}/resolve/{revision}/{file}} endpoint on
 * 127.0.0.1, plus a second server on another port playing the LFS CDN. It answers as the Hub does:
 * regular files with {@code ETag} (git blob sha1), {@code Content-Length} and {@code X-Repo-Commit}; LFS files
 * with a 302 to the CDN, {@code X-Linked-Etag} (sha256) and {@code X-Linked-Size}; errors with
 * {@code X-Error-Code}. The CDN honours {@code Range}. Faults can be injected per LFS blob: drop the connection
 * after N bytes once, or flip a byte. Every request is logged.
 *
 * <p>Thread-safe (the servers use a thread pool).
 */
final class FakeHub implements AutoCloseable {

    /** One repo: its commit, branch/tag names, files (name to bytes on disk), LFS names, access token. */
    static final class Repo {
        final String commit;
        final Map<String, String> refs = new LinkedHashMap<>();
        final Map<String, Path> files = new LinkedHashMap<>();
        final List<String> lfs = new ArrayList<>();
        String requiredToken;
        boolean gated;

        Repo(String commit) {
            this.commit = commit;
            refs.put("main", commit);
        }

        Repo file(String name, Path source) {
            files.put(name, source);
            return this;
        }

        Repo lfsFile(String name, Path source) {
            files.put(name, source);
            lfs.add(name);
            return this;
        }
    }

    /** A logged request. */
    record Request(String server, String method, String path, String range, String authorization) {
    }

    final Map<String, Repo> repos = new ConcurrentHashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();
    /** sha256 to byte offset after which the CDN drops the connection (once). */
    final Map<String, Long> dropOnceAfter = new ConcurrentHashMap<>();
    /** sha256 to byte offset after which the CDN stops sending (once) and holds the connection open. */
    final Map<String, Long> stallOnceAfter = new ConcurrentHashMap<>();
    /** sha256 of blobs the CDN serves with one byte flipped. */
    final Map<String, Boolean> corrupt = new ConcurrentHashMap<>();
    /** Old repo id to new one: the Hub answers a relative 307 redirect, as after a repo rename. */
    final Map<String, String> renamed = new ConcurrentHashMap<>();
    /** Whether the CDN ignores Range headers (answers 200 with the whole file). */
    volatile boolean ignoreRange;
    final AtomicInteger drops = new AtomicInteger();

    private final HttpServer hub;
    private final HttpServer cdn;
    private final Map<String, Path> blobsBySha = new ConcurrentHashMap<>();

    FakeHub() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        hub = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        cdn = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        hub.createContext("/", this::handleHub);
        cdn.createContext("/", this::handleCdn);
        hub.setExecutor(Executors.newFixedThreadPool(8));
        cdn.setExecutor(Executors.newFixedThreadPool(8));
        hub.start();
        cdn.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + hub.getAddress().getPort();
    }

    /** Another host name than the Hub's, as the real CDN has: HEAD must stop at the redirect to it. */
    String cdnBase() {
        return "http://localhost:" + cdn.getAddress().getPort();
    }

    Repo repo(String id, String commit) {
        Repo r = new Repo(commit);
        repos.put(id, r);
        return r;
    }

    List<Request> requests(String server) {
        return requests.stream().filter(r -> r.server().equals(server)).toList();
    }

    @Override
    public void close() {
        // Interrupt handlers first (a stalled one sleeps), so stop() need not wait for them.
        ((java.util.concurrent.ExecutorService) hub.getExecutor()).shutdownNow();
        ((java.util.concurrent.ExecutorService) cdn.getExecutor()).shutdownNow();
        hub.stop(0);
        cdn.stop(0);
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest("SHA-256").digest(bytes));
    }

    /** Git's blob id, which the Hub sends as the ETag of regular (non-LFS) files. */
    static String gitBlobSha1(byte[] bytes) {
        MessageDigest d = digest("SHA-1");
        d.update(("blob " + bytes.length + "\0").getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(d.digest(bytes));
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void log(String server, HttpExchange ex) {
        Headers h = ex.getRequestHeaders();
        requests.add(new Request(server, ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
                h.getFirst("Range"), h.getFirst("Authorization")));
    }

    private void handleHub(HttpExchange ex) throws IOException {
        try (ex) {
            log("hub", ex);
            String raw = ex.getRequestURI().getRawPath();
            int at = raw.indexOf("/resolve/");
            if (at < 0) {
                send(ex, 404, -1);
                return;
            }
            String repoId = raw.substring(1, at);
            String rest = raw.substring(at + "/resolve/".length());
            int slash = rest.indexOf('/');
            String revision = URLDecoder.decode(rest.substring(0, slash), StandardCharsets.UTF_8);
            String filename = URLDecoder.decode(rest.substring(slash + 1), StandardCharsets.UTF_8);
            Repo repo = repos.get(repoId);
            Headers out = ex.getResponseHeaders();
            String newId = renamed.get(repoId);
            if (newId != null) {
                out.set("Location", "/" + newId + raw.substring(at));
                send(ex, 307, -1);
                return;
            }
            if (repo == null) {
                // The real Hub answers 401 for unknown repos, not to reveal private ones.
                out.set("X-Error-Code", "RepoNotFound");
                out.set("X-Error-Message", "Repository not found");
                send(ex, 401, -1);
                return;
            }
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (repo.requiredToken != null && !("Bearer " + repo.requiredToken).equals(auth)) {
                if (repo.gated) {
                    out.set("X-Error-Code", "GatedRepo");
                    send(ex, 403, -1);
                } else {
                    send(ex, 401, -1);
                }
                return;
            }
            String commit = revision.equals(repo.commit) ? repo.commit : repo.refs.get(revision);
            if (commit == null) {
                out.set("X-Error-Code", "RevisionNotFound");
                send(ex, 404, -1);
                return;
            }
            out.set("X-Repo-Commit", commit);
            Path source = repo.files.get(filename);
            if (source == null) {
                out.set("X-Error-Code", "EntryNotFound");
                send(ex, 404, -1);
                return;
            }
            byte[] bytes = Files.readAllBytes(source);
            if (repo.lfs.contains(filename)) {
                String sha = sha256(bytes);
                blobsBySha.put(sha, source);
                out.set("ETag", "\"" + gitBlobSha1(("version https://git-lfs.github.com/spec/v1\noid sha256:" + sha)
                        .getBytes(StandardCharsets.UTF_8)) + "\"");
                out.set("X-Linked-Etag", "\"" + sha + "\"");
                out.set("X-Linked-Size", Long.toString(bytes.length));
                out.set("Location", cdnBase() + "/repos/" + sha.substring(0, 2) + "/" + sha + "?signed=1");
                out.set("Content-Length", "1130");
                send(ex, 302, -1);
                return;
            }
            out.set("ETag", "\"" + gitBlobSha1(bytes) + "\"");
            if (ex.getRequestMethod().equals("HEAD")) {
                out.set("Content-Length", Long.toString(bytes.length));
                send(ex, 200, -1);
            } else {
                send(ex, 200, bytes.length);
                ex.getResponseBody().write(bytes);
            }
        }
    }

    private void handleCdn(HttpExchange ex) throws IOException {
        try (ex) {
            log("cdn", ex);
            String path = ex.getRequestURI().getPath();
            String sha = path.substring(path.lastIndexOf('/') + 1);
            Path source = blobsBySha.get(sha);
            if (source == null) {
                send(ex, 404, -1);
                return;
            }
            byte[] bytes = Files.readAllBytes(source);
            if (corrupt.containsKey(sha)) {
                bytes = bytes.clone();
                bytes[bytes.length / 2] ^= 0x5a;
            }
            long from = 0;
            String range = ex.getRequestHeaders().getFirst("Range");
            if (range != null && !ignoreRange) {
                from = Long.parseLong(range.substring("bytes=".length(), range.indexOf('-')));
                ex.getResponseHeaders().set("Content-Range",
                        "bytes " + from + "-" + (bytes.length - 1) + "/" + bytes.length);
                send(ex, 206, bytes.length - from);
            } else {
                send(ex, 200, bytes.length);
            }
            OutputStream body = ex.getResponseBody();
            Long dropAt = dropOnceAfter.remove(sha);
            if (dropAt != null && dropAt > from) {
                body.write(bytes, (int) from, (int) (dropAt - from));
                body.flush();
                drops.incrementAndGet();
                // Closing a fixed-length body early makes the server close the connection: a dropped download.
                return;
            }
            Long stallAt = stallOnceAfter.remove(sha);
            if (stallAt != null && stallAt > from) {
                body.write(bytes, (int) from, (int) (stallAt - from));
                body.flush();
                drops.incrementAndGet();
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            body.write(bytes, (int) from, (int) (bytes.length - from));
        } catch (IOException e) {
            // "insufficient bytes written": the intended drop.
        }
    }

    private static void send(HttpExchange ex, int status, long length) throws IOException {
        ex.sendResponseHeaders(status, length == 0 ? -1 : length);
    }
}

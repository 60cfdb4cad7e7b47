package io.clipj.weights.internal.hub;

import io.clipj.weights.hub.HubException;
import io.clipj.weights.hub.HubOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The two HTTP calls of the Hub download protocol, with redirects followed by hand:
 * <ul>
 *   <li>{@link #head}: {@code HEAD {endpoint}/{repo}/resolve/{revision}/{file}} without following the redirect
 *       to the CDN, reading {@code X-Repo-Commit}, {@code X-Linked-Etag}/{@code ETag},
 *       {@code X-Linked-Size}/{@code Content-Length} and {@code Location}; redirects to the same host name (a
 *       renamed repo) are followed, as huggingface_hub does.</li>
 *   <li>{@link #get}: {@code GET} of the location, optionally from a byte offset ({@code Range}); the
 *       {@code Authorization} header is dropped once a redirect leaves the Hub's host, so the token never reaches
 *       the CDN.</li>
 * </ul>
 * Error statuses become a {@link HubException} whose text says what to do ({@link HubErrors}).
 *
 * <p>Thread-safe: the JDK {@link HttpClient} is.
 */
public final class HubHttp {

    private static final int MAX_REDIRECTS = 5;

    private final HttpClient client;
    private final HubOptions options;
    private final RedirectPolicy redirects;
    private final String userAgent;

    public HubHttp(HubOptions options) {
        this(options, new RedirectPolicy(options.endpoint()));
    }

    HubHttp(HubOptions options, RedirectPolicy redirects) {
        this.options = options;
        this.redirects = redirects;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(options.connectTimeout());
        if (options.proxy() != null) {
            builder.proxy(options.proxy());
        }
        this.client = builder.build();
        this.userAgent = "clipj/" + Optional.ofNullable(HubHttp.class.getPackage().getImplementationVersion())
                .orElse("dev") + "; java/" + Runtime.version().feature();
    }

    /** File metadata at {@code revision}; throws with the Hub's error classified. */
    public FileMetadata head(String repoId, String revision, String filename) throws HubException {
        URI url = HubUrls.resolve(options.endpoint(), repoId, revision, filename);
        URI current = url;
        for (int hop = 0; ; hop++) {
            HttpResponse<Void> r = send(request(current, true).method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.discarding(), current);
            int status = r.statusCode();
            Optional<String> location = r.headers().firstValue("Location");
            if (status >= 300 && status < 400 && location.isPresent()) {
                URI target = resolveLocation(current, location.get());
                redirects.check(current, target);
                if (sameHostName(current, target)) {
                    if (hop >= MAX_REDIRECTS) {
                        throw tooManyRedirects(url, target);
                    }
                    // Still the Hub (a renamed or moved repo): keep asking it. Another host is the CDN, whose
                    // redirect response itself carries the metadata (huggingface_hub 1.x does the same).
                    current = target;
                    continue;
                }
                return metadata(r.headers(), true, target, current, repoId, revision, filename);
            }
            if (status >= 200 && status < 300) {
                FileMetadata m = metadata(r.headers(), false, current, current, repoId, revision, filename);
                if (hop == 0 && !revision.equals(m.commit())) {
                    // GET at the commit, not the branch: the bytes then match the ETag even if the branch moves.
                    m = new FileMetadata(m.commit(), m.etag(),
                            HubUrls.resolve(options.endpoint(), repoId, m.commit(), filename), m.size(), m.lfs());
                }
                return m;
            }
            throw HubErrors.forStatus(status, r.headers(), current, options, repoId, revision, filename);
        }
    }

    /** GET {@code location} from byte {@code from} on; the caller closes the body. Status 200 or 206. */
    public HttpResponse<InputStream> get(URI location, long from, String repoId, String revision, String filename)
            throws HubException {
        URI current = location;
        for (int hop = 0; ; hop++) {
            HttpRequest.Builder b = request(current, sameHost(current));
            if (from > 0) {
                b.header("Range", "bytes=" + from + "-");
            }
            HttpResponse<InputStream> r = send(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream(), current);
            int status = r.statusCode();
            Optional<String> next = r.headers().firstValue("Location");
            if (status >= 300 && status < 400 && next.isPresent()) {
                closeQuietly(r.body());
                URI target = resolveLocation(current, next.get());
                redirects.check(current, target);
                if (hop >= MAX_REDIRECTS) {
                    throw tooManyRedirects(location, target);
                }
                current = target;
                continue;
            }
            if (status == 200 || status == 206 || status == 416) {
                return r;
            }
            closeQuietly(r.body());
            throw HubErrors.forStatus(status, r.headers(), current, options, repoId, revision, filename);
        }
    }

    /** {@code location} resolved against {@code current}; a malformed one is the server's protocol error. */
    private static URI resolveLocation(URI current, String location) throws HubException {
        try {
            return current.resolve(location.trim());
        } catch (IllegalArgumentException e) {
            throw new HubException(HubException.Reason.PROTOCOL, current + " redirected to a malformed location '"
                    + location + "'");
        }
    }

    private static HubException tooManyRedirects(URI start, URI last) {
        return new HubException(HubException.Reason.PROTOCOL, "more than " + MAX_REDIRECTS + " redirects from "
                + start + " (the last to " + last + "): a redirect loop; check HF_ENDPOINT and any proxy in between");
    }

    private HttpRequest.Builder request(URI uri, boolean withAuth) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(options.requestTimeout())
                .header("User-Agent", userAgent)
                // The real size is wanted, not a compressed transfer's (huggingface_hub does the same).
                .header("Accept-Encoding", "identity");
        if (withAuth && options.token() != null) {
            b.header("Authorization", "Bearer " + options.token());
        }
        return b;
    }

    private static boolean sameHostName(URI a, URI b) {
        return a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost());
    }

    private boolean sameHost(URI uri) {
        URI endpoint = options.endpoint();
        return Objects.equals(uri.getHost(), endpoint.getHost()) && uri.getPort() == endpoint.getPort()
                && Objects.equals(uri.getScheme(), endpoint.getScheme());
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, URI url)
            throws HubException {
        try {
            return client.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            HubException ex = new HubException(HubException.Reason.CONNECTION, "interrupted while requesting " + url);
            ex.initCause(new InterruptedIOException(e.getMessage()));
            throw ex;
        } catch (IOException e) {
            throw HubErrors.connection(url, e);
        }
    }

    private static FileMetadata metadata(HttpHeaders h, boolean redirect, URI location, URI url, String repoId,
            String revision, String filename) throws HubException {
        String commit = h.firstValue("X-Repo-Commit").orElse(null);
        if (commit == null || !HubCache.isCommitHash(commit)) {
            throw new HubException(HubException.Reason.PROTOCOL, url + " answered without a valid X-Repo-Commit header"
                    + " (got " + commit + "): the endpoint does not behave like the Hugging Face Hub; check HF_ENDPOINT"
                    + " and any proxy or firewall in between");
        }
        Optional<String> linked = h.firstValue("X-Linked-Etag");
        String etag = normalizeEtag(linked.or(() -> h.firstValue("ETag")).orElse(null));
        if (etag == null || !etag.matches("[A-Za-z0-9_-][A-Za-z0-9._-]*")) {
            throw new HubException(HubException.Reason.PROTOCOL, url + " answered without a usable ETag (got " + etag
                    + "); cannot cache " + filename + " of " + repoId + "@" + revision + " reproducibly");
        }
        // A redirect's Content-Length is that of its own (empty) body, not the file's.
        OptionalLong size = parseLong(h.firstValue("X-Linked-Size")
                .or(() -> redirect ? Optional.empty() : h.firstValue("Content-Length")));
        if (size.isEmpty()) {
            throw new HubException(HubException.Reason.PROTOCOL, url + " answered without X-Linked-Size or"
                    + " Content-Length; cannot verify " + filename);
        }
        return new FileMetadata(commit, etag, location, size.getAsLong(), linked.isPresent());
    }

    /** Strips quotes and a weak-validator prefix: {@code W/"abc"} and {@code "abc"} both give {@code abc}. */
    public static String normalizeEtag(String etag) {
        if (etag == null) {
            return null;
        }
        String e = etag.trim();
        if (e.startsWith("W/")) {
            e = e.substring(2);
        }
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
            e = e.substring(1, e.length() - 1);
        }
        return e.isEmpty() ? null : e;
    }

    private static OptionalLong parseLong(Optional<String> v) {
        try {
            return v.isPresent() ? OptionalLong.of(Long.parseLong(v.get().trim())) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    public static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // Nothing useful to do: the response is being abandoned.
        }
    }
}

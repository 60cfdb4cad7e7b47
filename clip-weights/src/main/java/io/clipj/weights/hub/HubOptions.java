package io.clipj.weights.hub;

import io.clipj.weights.internal.hub.EnvProxySelector;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of a {@link HubResolver}: where the Hub is, where the cache is, whether the network may be used,
 * the access token, the revision, progress reporting and timeouts.
 *
 * <p>Environment variables only supply defaults ({@link #fromEnvironment()}), with the meaning huggingface_hub
 * gives them: {@code HF_ENDPOINT} (default {@code https://huggingface.co}), {@code HF_HUB_CACHE} (else
 * {@code $HF_HOME/hub}, else {@code $XDG_CACHE_HOME/huggingface/hub}, else {@code ~/.cache/huggingface/hub}),
 * {@code HF_HUB_OFFLINE} ({@code 1/true/yes/on}), {@code HF_TOKEN} (else the token file
 * {@code $HF_HOME/token} that {@code huggingface-cli login} writes), {@code HTTPS_PROXY}/{@code HTTP_PROXY}/
 * {@code NO_PROXY} (as Python's HTTP clients read them), {@code HF_HUB_DISABLE_PROGRESS_BARS}
 * (progress is otherwise reported when the JVM has a console), {@code HF_HUB_ETAG_TIMEOUT} and
 * {@code HF_HUB_DOWNLOAD_TIMEOUT} (seconds; one request timeout serves metadata requests and downloads here, so
 * it defaults to the larger of the two when either is set, else 30 s), and, clipj's own in the same spirit,
 * {@code HF_HUB_DOWNLOAD_MIN_RATE} (bytes per second, default 1024; 0 disables) and
 * {@code HF_HUB_DOWNLOAD_RATE_WINDOW} (seconds, default 10): a download slower than the minimum rate over a
 * window is abandoned (curl's {@code --speed-limit}/{@code --speed-time}), so a body trickled one byte at a time
 * cannot hold a process, or another one waiting for the blob's lock, forever.
 * Everything set on the {@link Builder} wins over the environment.
 *
 * <pre>{@code
 * HubOptions options = HubOptions.builder()          // environment defaults
 *         .cacheDir(Path.of("/data/hf"))
 *         .revision("v1.0")
 *         .offline(false)
 *         .build();
 * Path dir = new HubResolver(options).resolve("openai/clip-vit-base-patch32");
 * }</pre>
 *
 * @param endpoint        Hub base URL, no trailing slash
 * @param cacheDir        the hub cache ({@code .../huggingface/hub}), holding {@code models--org--name}
 * @param offline         never use the network; resolve from the cache only
 * @param token           access token sent as {@code Authorization: Bearer}, or null
 * @param revision        branch, tag or 40-hex commit; default {@code main}
 * @param progress        report the progress of files larger than {@code progressThreshold} bytes to
 *                        {@code listener}
 * @param progressThreshold size in bytes from which a file's download is reported
 * @param listener        where download progress goes ({@link DownloadListener#NONE} by default: this library
 *                        draws nothing; the command line plugs in its progress bar)
 * @param connectTimeout  TCP connect timeout
 * @param requestTimeout  time to wait for response headers (metadata requests and each download attempt)
 * @param maxRetries      how many times an interrupted download is resumed with a Range request
 * @param minRate         bytes per second a download must average over each {@code rateWindow}, else it is
 *                        abandoned (not resumed); 0 for no minimum. A process waiting for another's download of
 *                        the same blob gives up when that download falls below the same rate
 * @param rateWindow      the span over which {@code minRate} is measured
 * @param proxy           HTTP proxy selection; null for the JDK's default (system properties such as
 *                        {@code https.proxyHost}); by default from {@code HTTPS_PROXY}/{@code HTTP_PROXY}/
 *                        {@code NO_PROXY} when set
 *
 * <p>Immutable and thread-safe.
 */
public record HubOptions(
        URI endpoint,
        Path cacheDir,
        boolean offline,
        String token,
        String revision,
        boolean progress,
        long progressThreshold,
        DownloadListener listener,
        Duration connectTimeout,
        Duration requestTimeout,
        int maxRetries,
        long minRate,
        Duration rateWindow,
        ProxySelector proxy) {

    /** huggingface_hub's default endpoint. */
    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";
    /** huggingface_hub's default revision. */
    public static final String DEFAULT_REVISION = "main";
    /** Files above this size are reported to the listener when progress is on (10 MB). */
    public static final long DEFAULT_PROGRESS_THRESHOLD = 10L * 1024 * 1024;
    /** Default minimum download rate: 1 KiB/s, far below any working connection. */
    public static final long DEFAULT_MIN_RATE = 1024;
    /** Default window over which the minimum rate is measured. */
    public static final Duration DEFAULT_RATE_WINDOW = Duration.ofSeconds(10);

    public HubOptions {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(listener, "listener");
        if (endpoint.getScheme() == null || endpoint.getHost() == null) {
            throw new IllegalArgumentException("Hub endpoint must be an absolute http(s) URL, got '" + endpoint + "'");
        }
        String e = endpoint.toString();
        if (e.endsWith("/")) {
            endpoint = URI.create(e.substring(0, e.length() - 1));
        }
        if (revision.isBlank()) {
            throw new IllegalArgumentException("revision must not be blank (use 'main' for the default branch)");
        }
        if (token != null && token.isBlank()) {
            token = null;
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
        }
        Objects.requireNonNull(rateWindow, "rateWindow");
        if (minRate < 0) {
            throw new IllegalArgumentException("minRate must be >= 0 bytes per second, got " + minRate);
        }
        if (rateWindow.isNegative() || rateWindow.isZero()) {
            throw new IllegalArgumentException("rateWindow must be positive, got " + rateWindow);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || requestTimeout.isNegative()
                || requestTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive, got connect " + connectTimeout
                    + ", request " + requestTimeout);
        }
    }

    /** Options from the process environment and {@code user.home}, with nothing overridden. */
    public static HubOptions fromEnvironment() {
        return builder().build();
    }

    /**
     * A builder whose defaults come from the process environment. Progress defaults to on only when the JVM
     * has a console, so tests, CI logs and redirected output stay free of it.
     */
    public static Builder builder() {
        return new Builder(System.getenv(), Path.of(System.getProperty("user.home")), System.console() != null);
    }

    /**
     * A builder whose defaults come from {@code env} and {@code userHome} alone (for tests and embedding); progress
     * then defaults to on unless {@code HF_HUB_DISABLE_PROGRESS_BARS} is set.
     */
    public static Builder builder(Map<String, String> env, Path userHome) {
        return new Builder(env, userHome, true);
    }

    /** The token without its value, so options can be logged. */
    @Override
    public String toString() {
        return "HubOptions[endpoint=" + endpoint + ", cacheDir=" + cacheDir + ", offline=" + offline
                + ", token=" + (token == null ? "none" : "set") + ", revision=" + revision + ", progress=" + progress
                + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                + ", maxRetries=" + maxRetries + ", minRate=" + minRate + ", rateWindow=" + rateWindow
                + ", proxy=" + (proxy == null ? "default" : "set") + "]";
    }

    /** huggingface_hub's truthy spelling of boolean environment variables. */
    static boolean isTrue(String value) {
        if (value == null) {
            return false;
        }
        String v = value.trim().toUpperCase(Locale.ROOT);
        return v.equals("1") || v.equals("TRUE") || v.equals("YES") || v.equals("ON");
    }

    /** Collects options; unset fields fall back to the environment given at creation. Not thread-safe. */
    public static final class Builder {
        private final Map<String, String> env;
        private final Path userHome;
        private final boolean interactive;
        private URI endpoint;
        private Path cacheDir;
        private Boolean offline;
        private String token;
        private boolean tokenSet;
        private String revision = DEFAULT_REVISION;
        private Boolean progress;
        private long progressThreshold = DEFAULT_PROGRESS_THRESHOLD;
        private DownloadListener listener = DownloadListener.NONE;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout;
        private int maxRetries = 5;
        private Long minRate;
        private Duration rateWindow;
        private ProxySelector proxy;
        private boolean proxySet;

        private Builder(Map<String, String> env, Path userHome, boolean interactive) {
            this.env = Map.copyOf(env);
            this.userHome = userHome;
            this.interactive = interactive;
        }

        public Builder endpoint(String endpoint) {
            this.endpoint = URI.create(endpoint);
            return this;
        }

        public Builder cacheDir(Path cacheDir) {
            this.cacheDir = cacheDir;
            return this;
        }

        public Builder offline(boolean offline) {
            this.offline = offline;
            return this;
        }

        /** The access token; {@code null} sends none even when {@code HF_TOKEN} is set. */
        public Builder token(String token) {
            this.token = token;
            this.tokenSet = true;
            return this;
        }

        public Builder revision(String revision) {
            this.revision = revision == null ? DEFAULT_REVISION : revision;
            return this;
        }

        public Builder progress(boolean progress) {
            this.progress = progress;
            return this;
        }

        public Builder progressThreshold(long bytes) {
            this.progressThreshold = bytes;
            return this;
        }

        /** Where download progress goes; default {@link DownloadListener#NONE}. */
        public Builder listener(DownloadListener listener) {
            this.listener = listener;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        public Builder maxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        /** Bytes per second a download must average over each rate window; 0 for no minimum. */
        public Builder minRate(long bytesPerSecond) {
            this.minRate = bytesPerSecond;
            return this;
        }

        /** The span over which the minimum rate is measured. */
        public Builder rateWindow(Duration window) {
            this.rateWindow = window;
            return this;
        }

        /** The proxy selector; null for the JDK default, ignoring the proxy environment variables. */
        public Builder proxy(ProxySelector proxy) {
            this.proxy = proxy;
            this.proxySet = true;
            return this;
        }

        public HubOptions build() {
            return new HubOptions(
                    endpoint != null ? endpoint : URI.create(envOr("HF_ENDPOINT", DEFAULT_ENDPOINT)),
                    cacheDir != null ? cacheDir : defaultCacheDir(),
                    offline != null ? offline : isTrue(env.get("HF_HUB_OFFLINE")),
                    tokenSet ? token : defaultToken().orElse(null),
                    revision,
                    progress != null ? progress : interactive && !isTrue(env.get("HF_HUB_DISABLE_PROGRESS_BARS")),
                    progressThreshold,
                    listener,
                    connectTimeout,
                    requestTimeout != null ? requestTimeout : defaultRequestTimeout(),
                    maxRetries,
                    minRate != null ? minRate : (long) envNumber("HF_HUB_DOWNLOAD_MIN_RATE", DEFAULT_MIN_RATE, 0, 1e12),
                    rateWindow != null ? rateWindow : Duration.ofMillis(Math.max(1, Math.round(1000 * envNumber(
                            "HF_HUB_DOWNLOAD_RATE_WINDOW", DEFAULT_RATE_WINDOW.toSeconds(), 1e-3, 86_400)))),
                    proxySet ? proxy : EnvProxySelector.fromEnvironment(env).orElse(null));
        }

        /** A number from the environment in {@code [min, max]}, or {@code fallback} when unset. */
        private double envNumber(String key, double fallback, double min, double max) {
            String v = env.get(key);
            if (v == null || v.isBlank()) {
                return fallback;
            }
            double d;
            try {
                d = Double.parseDouble(v.trim());
            } catch (NumberFormatException e) {
                d = Double.NaN;
            }
            if (!(d >= min && d <= max)) {
                throw new IllegalArgumentException(key + "='" + v + "' is not a number in [" + min + ", " + max + "]");
            }
            return d;
        }

        /** The larger of {@code HF_HUB_ETAG_TIMEOUT} and {@code HF_HUB_DOWNLOAD_TIMEOUT} when set, else 30 s. */
        private Duration defaultRequestTimeout() {
            Duration timeout = null;
            for (String key : new String[] {"HF_HUB_ETAG_TIMEOUT", "HF_HUB_DOWNLOAD_TIMEOUT"}) {
                String v = env.get(key);
                if (v == null || v.isBlank()) {
                    continue;
                }
                double seconds;
                try {
                    seconds = Double.parseDouble(v.trim());
                } catch (NumberFormatException e) {
                    seconds = Double.NaN;
                }
                if (!(seconds > 0) || seconds > 86_400) {
                    throw new IllegalArgumentException(key + "='" + v + "' is not a number of seconds in (0, 86400]");
                }
                Duration d = Duration.ofMillis(Math.max(1, Math.round(seconds * 1000)));
                timeout = timeout == null || d.compareTo(timeout) > 0 ? d : timeout;
            }
            return timeout != null ? timeout : Duration.ofSeconds(30);
        }

        private String envOr(String key, String fallback) {
            String v = env.get(key);
            return v == null || v.isBlank() ? fallback : v.trim();
        }

        private Path hfHome() {
            String home = env.get("HF_HOME");
            if (home != null && !home.isBlank()) {
                return expandUser(home);
            }
            String xdg = env.get("XDG_CACHE_HOME");
            Path base = xdg != null && !xdg.isBlank() ? expandUser(xdg) : userHome.resolve(".cache");
            return base.resolve("huggingface");
        }

        private Path defaultCacheDir() {
            // HUGGINGFACE_HUB_CACHE is the deprecated spelling huggingface_hub still reads.
            for (String key : new String[] {"HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE"}) {
                String v = env.get(key);
                if (v != null && !v.isBlank()) {
                    return expandUser(v);
                }
            }
            return hfHome().resolve("hub");
        }

        private Optional<String> defaultToken() {
            String v = env.get("HF_TOKEN");
            if (v == null || v.isBlank()) {
                v = env.get("HUGGING_FACE_HUB_TOKEN");
            }
            if (v != null && !v.isBlank()) {
                return Optional.of(v.trim());
            }
            String tokenPath = env.get("HF_TOKEN_PATH");
            Path file = tokenPath != null && !tokenPath.isBlank() ? expandUser(tokenPath) : hfHome().resolve("token");
            try {
                if (Files.isRegularFile(file)) {
                    String t = Files.readString(file).trim();
                    return t.isEmpty() ? Optional.empty() : Optional.of(t);
                }
            } catch (java.io.IOException e) {
                // An unreadable token file means "no token", as in huggingface_hub.
                return Optional.empty();
            }
            return Optional.empty();
        }

        private Path expandUser(String p) {
            if (p.equals("~")) {
                return userHome;
            }
            if (p.startsWith("~/")) {
                return userHome.resolve(p.substring(2));
            }
            return Path.of(p);
        }
    }
}

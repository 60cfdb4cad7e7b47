package io.clipj.weights.internal.hub;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The proxy environment variables Python's HTTP clients (and so huggingface_hub) honour, which the JDK ignores:
 * {@code HTTPS_PROXY} for https URLs, {@code HTTP_PROXY} for http URLs (either case), and {@code NO_PROXY}, a comma
 * list of host names or domain suffixes ({@code example.com} also matches {@code cdn.example.com}), or {@code *}.
 * Proxy credentials in the URL ({@code user:pass@}) are not supported.
 *
 * <p>Immutable and thread-safe.
 */
public final class EnvProxySelector extends ProxySelector {

    private final Optional<InetSocketAddress> https;
    private final Optional<InetSocketAddress> http;
    private final List<String> noProxy;

    private EnvProxySelector(Optional<InetSocketAddress> https, Optional<InetSocketAddress> http,
            List<String> noProxy) {
        this.https = https;
        this.http = http;
        this.noProxy = noProxy;
    }

    /** A selector for the proxies {@code env} names, or empty when it names none. */
    public static Optional<ProxySelector> fromEnvironment(Map<String, String> env) {
        Optional<InetSocketAddress> https = address(get(env, "HTTPS_PROXY"));
        Optional<InetSocketAddress> http = address(get(env, "HTTP_PROXY"));
        if (https.isEmpty() && http.isEmpty()) {
            return Optional.empty();
        }
        List<String> noProxy = new ArrayList<>();
        String list = get(env, "NO_PROXY");
        if (list != null) {
            for (String entry : list.split(",")) {
                String e = entry.trim().toLowerCase(Locale.ROOT);
                if (e.startsWith(".")) {
                    e = e.substring(1);
                }
                if (!e.isEmpty()) {
                    noProxy.add(e);
                }
            }
        }
        return Optional.of(new EnvProxySelector(https, http, List.copyOf(noProxy)));
    }

    @Override
    public List<Proxy> select(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        for (String e : noProxy) {
            if (e.equals("*") || host.equals(e) || host.endsWith("." + e)) {
                return List.of(Proxy.NO_PROXY);
            }
        }
        Optional<InetSocketAddress> proxy = "https".equalsIgnoreCase(uri.getScheme()) ? https : http;
        return proxy.map(a -> List.of(new Proxy(Proxy.Type.HTTP, a))).orElse(List.of(Proxy.NO_PROXY));
    }

    @Override
    public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        // Nothing to learn: the request fails with the connection error, which names the URL.
    }

    private static String get(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            v = env.get(name.toLowerCase(Locale.ROOT));
        }
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static Optional<InetSocketAddress> address(String value) {
        if (value == null) {
            return Optional.empty();
        }
        URI uri = URI.create(value.contains("://") ? value : "http://" + value);
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("proxy setting '" + value + "' has no host name");
        }
        if (uri.getUserInfo() != null) {
            throw new IllegalArgumentException("proxy credentials (user:password@ in '" + uri.getHost()
                    + "') are not supported; use a proxy that needs none");
        }
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return Optional.of(InetSocketAddress.createUnresolved(uri.getHost(), port));
    }
}

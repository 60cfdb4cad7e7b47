package io.clipj.weights.internal.hub;

import io.clipj.weights.hub.HubException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Which redirect targets the Hub client follows: the Hub and its CDN are public hosts, so a redirect is followed
 * only to an {@code http(s)} URL whose host resolves to public addresses. Refused, with a message naming the
 * target: link-local addresses ({@code 169.254.0.0/16}, where cloud metadata services answer, and
 * {@code fe80::/10}), unspecified, multicast and reserved ones always; loopback unless the endpoint itself is
 * loopback (a local test hub or mirror); private ({@code 10/8}, {@code 172.16/12}, {@code 192.168/16},
 * {@code 100.64/10}, {@code fc00::/7}) unless the endpoint itself is private (a mirror inside the network). No
 * token is sent off the Hub's host either way ({@link HubHttp}); this keeps the request from being made at all.
 *
 * <p>A host that does not resolve here is let through (behind a proxy only the proxy resolves names; the
 * request fails there if the name is bad); when the endpoint itself does not resolve here (a proxy-only
 * network), its class is unknown and only link-local, unspecified, multicast and reserved targets are refused. The check and the connection resolve the name separately, so a
 * DNS server answering differently between the two (rebinding) is not caught.
 *
 * <p>Immutable and thread-safe.
 */
final class RedirectPolicy {

    /** Resolves a host name (tests substitute their own). */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** Address classes, from most to least restricted. */
    enum Scope {
        PUBLIC, PRIVATE, LOOPBACK, FORBIDDEN
    }

    private final Resolver resolver;
    private final boolean allowLoopback;
    private final boolean allowPrivate;

    RedirectPolicy(URI endpoint, Resolver resolver) {
        this.resolver = resolver;
        Scope endpointScope = scopeOfHost(endpoint.getHost(), resolver);
        // an endpoint whose name does not resolve here is reached through a proxy that resolves names itself:
        // its class is unknown, so only the always-forbidden classes (link-local above all) are refused
        this.allowLoopback = endpointScope == Scope.LOOPBACK || endpointScope == null;
        this.allowPrivate = endpointScope != Scope.PUBLIC;
    }

    RedirectPolicy(URI endpoint) {
        this(endpoint, InetAddress::getAllByName);
    }

    /** Throws a {@link HubException} naming {@code target} unless the redirect from {@code from} may be followed. */
    void check(URI from, URI target) throws HubException {
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw refused(from, target, "not an http(s) URL");
        }
        String host = target.getHost();
        if (host == null || host.isEmpty()) {
            throw refused(from, target, "no host name");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(stripBrackets(host));
        } catch (UnknownHostException e) {
            return;
        }
        for (InetAddress a : addresses) {
            Scope scope = scope(a);
            boolean ok = scope == Scope.PUBLIC || scope == Scope.PRIVATE && allowPrivate
                    || scope == Scope.LOOPBACK && allowLoopback;
            if (!ok) {
                throw refused(from, target, host + " resolves to " + a.getHostAddress() + ", " + describe(a));
            }
        }
    }

    private static HubException refused(URI from, URI target, String why) {
        return new HubException(HubException.Reason.PROTOCOL, "refusing redirect from " + from + " to " + target
                + ": " + why + "; the Hub only redirects to public http(s) hosts (check HF_ENDPOINT and any proxy)");
    }

    private static Scope scopeOfHost(String host, Resolver resolver) {
        if (host == null) {
            return Scope.PUBLIC;
        }
        try {
            Scope widest = Scope.PUBLIC;
            for (InetAddress a : resolver.resolve(stripBrackets(host))) {
                Scope s = scope(a);
                if (s.ordinal() > widest.ordinal() && s != Scope.FORBIDDEN) {
                    widest = s;
                }
            }
            return widest;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The class of one address; IPv4-mapped IPv6 addresses are judged by their IPv4 part. */
    static Scope scope(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address && isMappedV4(b)) {
            byte[] v4 = {b[12], b[13], b[14], b[15]};
            try {
                return scope(InetAddress.getByAddress(v4));
            } catch (UnknownHostException e) {
                return Scope.FORBIDDEN;
            }
        }
        if (a.isLinkLocalAddress() || a.isAnyLocalAddress() || a.isMulticastAddress()) {
            return Scope.FORBIDDEN;
        }
        if (a.isLoopbackAddress()) {
            return Scope.LOOPBACK;
        }
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0 || first >= 240) {
                return Scope.FORBIDDEN; // "this network" and reserved/broadcast
            }
            if (a.isSiteLocalAddress() || first == 100 && second >= 64 && second < 128) {
                return Scope.PRIVATE; // RFC 1918 and carrier-grade NAT
            }
            return Scope.PUBLIC;
        }
        if ((b[0] & 0xfe) == 0xfc || a.isSiteLocalAddress()) {
            return Scope.PRIVATE; // unique local fc00::/7, deprecated site-local fec0::/10
        }
        return Scope.PUBLIC;
    }

    private static boolean isMappedV4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }

    private static String describe(InetAddress a) {
        Scope s = scope(a);
        if (a.isLinkLocalAddress() || a instanceof Inet6Address && isMappedV4(a.getAddress())
                && (a.getAddress()[12] & 0xff) == 169 && (a.getAddress()[13] & 0xff) == 254) {
            return "a link-local address (cloud metadata services answer there)";
        }
        return switch (s) {
            case LOOPBACK -> "a loopback address (allowed only when HF_ENDPOINT is loopback)";
            case PRIVATE -> "a private address (allowed only when HF_ENDPOINT is private)";
            case FORBIDDEN -> a.isMulticastAddress() ? "a multicast address" : "an unspecified or reserved address";
            default -> "a public address";
        };
    }
}

package io.clipj.weights.internal.hub;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Builds Hub URLs the way huggingface_hub's {@code hf_hub_url} does: the revision is percent-encoded as one
 * segment ({@code refs/pr/1} becomes {@code refs%2Fpr%2F1}), the file name keeps its slashes.
 *
 * <p>Stateless and thread-safe.
 */
public final class HubUrls {

    private HubUrls() {
    }

    /** {@code {endpoint}/{repoId}/resolve/{revision}/{filename}}. */
    public static URI resolve(URI endpoint, String repoId, String revision, String filename) {
        return URI.create(endpoint + "/" + repoId + "/resolve/" + quote(revision, false) + "/" + quote(filename, true));
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters (and {@code /} when asked). */
    public static String quote(String s, boolean keepSlash) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || (keepSlash && c == '/');
            if (unreserved) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}

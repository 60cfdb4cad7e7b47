package io.clipj.internal.data;

import io.clipj.data.DatasetException;

/**
 * Member-name rules: the safety check every member passes, and webdataset's split of a name into sample
 * key and extension.
 *
 * <p>Stateless and thread-safe.
 */
public final class MemberNames {

    /** A member name split as webdataset's {@code base_plus_ext} does. */
    public record KeyAndExtension(String key, String extension) {
    }

    private MemberNames() {
    }

    /**
     * Rejects names that could address anything outside the dataset if a member were ever extracted or
     * resolved against a directory: absolute names (Unix or Windows), {@code ..} components, NUL characters.
     * This reader never writes members, but the rule keeps hostile shards from being mistaken for valid.
     */
    public static void checkSafe(String shard, String name) {
        String problem = null;
        if (name.isEmpty()) {
            problem = "empty member name";
        } else if (name.indexOf('\0') >= 0) {
            problem = "NUL character in member name";
        } else if (name.startsWith("/") || name.startsWith("\\")
                || name.length() >= 2 && name.charAt(1) == ':' && Character.isLetter(name.charAt(0))) {
            problem = "absolute member name";
        } else {
            for (String part : name.split("[/\\\\]")) {
                if (part.equals("..")) {
                    problem = "'..' component in member name";
                    break;
                }
            }
        }
        if (problem != null) {
            throw new DatasetException(shard, null, "unsafe tar member '" + printable(name) + "': " + problem
                    + " (members must be relative paths inside the shard)");
        }
    }

    /**
     * The key is the directory part plus the basename up to its first dot; the extension is the rest
     * ({@code "a/b.seg.png"} gives {@code "a/b"} and {@code "seg.png"}). Null for names whose basename has no
     * dot or starts with one; webdataset skips those members too.
     */
    public static KeyAndExtension split(String name) {
        int slash = name.lastIndexOf('/');
        int dot = name.indexOf('.', slash + 1);
        if (dot <= slash + 1) {
            return null;
        }
        return new KeyAndExtension(name.substring(0, dot), name.substring(dot + 1));
    }

    /**
     * The text with control characters escaped (C0, DEL, C1 such as the one-byte CSI, line separators and bidi
     * overrides), so a member name cannot forge an error message or send escape sequences to a terminal.
     * Idempotent: an escaped text has nothing left to escape.
     */
    public static String printable(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c >= 0x7f && c <= 0x9f) {
                out.append(String.format("\\x%02x", (int) c));
            } else if (c == 0x2028 || c == 0x2029 || c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}

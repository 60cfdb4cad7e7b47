package io.clipj.weights.internal;

/**
 * Reads the resource limits that can be overridden with {@code -Dclipj.*} system properties (listed in
 * docs/security.md). A limit must be a positive integer: a value that does not parse, is zero or negative is
 * refused with a message naming the property, never silently replaced by the default or accepted (a negative
 * limit would disable the check it configures).
 *
 * <p>Stateless and thread-safe.
 */
public final class SystemLimits {

    private SystemLimits() {
    }

    /** The property {@code name} as a long in {@code [1, max]}, or {@code fallback} when it is not set. */
    public static long positive(String name, long fallback, long max) {
        String v = System.getProperty(name);
        if (v == null) {
            return fallback;
        }
        long n;
        try {
            n = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > max) {
            throw new IllegalArgumentException("-D" + name + "=" + v + " is not an integer in [1, " + max
                    + "] (the default is " + fallback + ")");
        }
        return n;
    }

    /** The property {@code name} as an int in {@code [1, Integer.MAX_VALUE]}, or {@code fallback} when not set. */
    public static int positiveInt(String name, int fallback) {
        return (int) positive(name, fallback, Integer.MAX_VALUE);
    }
}

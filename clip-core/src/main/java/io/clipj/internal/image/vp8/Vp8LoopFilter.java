package io.clipj.internal.image.vp8;

/**
 * VP8's in-loop deblocking filter (RFC 6386 §15) in libwebp's exact integer form ({@code dsp/dec.c}): the
 * simple filter (luma only) and the normal filter (6-tap on macroblock edges, 4-tap on inner edges, 2-tap where
 * the edge has high variance). Applied in place on a plane with the given stride.
 *
 * <p>Stateless and thread-safe.
 */
public final class Vp8LoopFilter {

    private Vp8LoopFilter() {
    }

    private static int u(byte[] p, int i) {
        return p[i] & 0xff;
    }

    private static int sclip1(int v) {
        return v < -128 ? -128 : Math.min(v, 127);
    }

    private static int sclip2(int v) {
        return v < -16 ? -16 : Math.min(v, 15);
    }

    private static byte clip1(int v) {
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }

    private static void doFilter2(byte[] p, int i, int step) {
        int p1 = u(p, i - 2 * step);
        int p0 = u(p, i - step);
        int q0 = u(p, i);
        int q1 = u(p, i + step);
        int a = 3 * (q0 - p0) + sclip1(p1 - q1);
        int a1 = sclip2((a + 4) >> 3);
        int a2 = sclip2((a + 3) >> 3);
        p[i - step] = clip1(p0 + a2);
        p[i] = clip1(q0 - a1);
    }

    private static void doFilter4(byte[] p, int i, int step) {
        int p1 = u(p, i - 2 * step);
        int p0 = u(p, i - step);
        int q0 = u(p, i);
        int q1 = u(p, i + step);
        int a = 3 * (q0 - p0);
        int a1 = sclip2((a + 4) >> 3);
        int a2 = sclip2((a + 3) >> 3);
        int a3 = (a1 + 1) >> 1;
        p[i - 2 * step] = clip1(p1 + a3);
        p[i - step] = clip1(p0 + a2);
        p[i] = clip1(q0 - a1);
        p[i + step] = clip1(q1 - a3);
    }

    private static void doFilter6(byte[] p, int i, int step) {
        int p2 = u(p, i - 3 * step);
        int p1 = u(p, i - 2 * step);
        int p0 = u(p, i - step);
        int q0 = u(p, i);
        int q1 = u(p, i + step);
        int q2 = u(p, i + 2 * step);
        int a = sclip1(3 * (q0 - p0) + sclip1(p1 - q1));
        int a1 = (27 * a + 63) >> 7;
        int a2 = (18 * a + 63) >> 7;
        int a3 = (9 * a + 63) >> 7;
        p[i - 3 * step] = clip1(p2 + a3);
        p[i - 2 * step] = clip1(p1 + a2);
        p[i - step] = clip1(p0 + a1);
        p[i] = clip1(q0 - a1);
        p[i + step] = clip1(q1 - a2);
        p[i + 2 * step] = clip1(q2 - a3);
    }

    private static boolean hev(byte[] p, int i, int step, int thresh) {
        int p1 = u(p, i - 2 * step);
        int p0 = u(p, i - step);
        int q0 = u(p, i);
        int q1 = u(p, i + step);
        return Math.abs(p1 - p0) > thresh || Math.abs(q1 - q0) > thresh;
    }

    private static boolean needsFilter(byte[] p, int i, int step, int t) {
        int p1 = u(p, i - 2 * step);
        int p0 = u(p, i - step);
        int q0 = u(p, i);
        int q1 = u(p, i + step);
        return 4 * Math.abs(p0 - q0) + Math.abs(p1 - q1) <= t;
    }

    private static boolean needsFilter2(byte[] p, int i, int step, int t, int it) {
        int p3 = u(p, i - 4 * step);
        int p2 = u(p, i - 3 * step);
        int p1 = u(p, i - 2 * step);
        int p0 = u(p, i - step);
        int q0 = u(p, i);
        int q1 = u(p, i + step);
        int q2 = u(p, i + 2 * step);
        int q3 = u(p, i + 3 * step);
        if (4 * Math.abs(p0 - q0) + Math.abs(p1 - q1) > t) {
            return false;
        }
        return Math.abs(p3 - p2) <= it && Math.abs(p2 - p1) <= it && Math.abs(p1 - p0) <= it
                && Math.abs(q3 - q2) <= it && Math.abs(q2 - q1) <= it && Math.abs(q1 - q0) <= it;
    }

    /**
     * Simple filter across one edge of {@code 16} pixels starting at {@code i}: {@code step} crosses the edge,
     * {@code along} moves along it.
     */
    public static void simple(byte[] p, int i, int step, int along, int thresh) {
        int t2 = 2 * thresh + 1;
        for (int n = 0; n < 16; n++, i += along) {
            if (needsFilter(p, i, step, t2)) {
                doFilter2(p, i, step);
            }
        }
    }

    /** Normal filter on a macroblock edge ({@code inner == false}) or an inner edge, {@code size} pixels long. */
    static void normal(byte[] p, int i, int step, int along, int size, int thresh, int ithresh, int hevThresh,
                       boolean inner) {
        int t2 = 2 * thresh + 1;
        for (int n = 0; n < size; n++, i += along) {
            if (needsFilter2(p, i, step, t2, ithresh)) {
                if (hev(p, i, step, hevThresh)) {
                    doFilter2(p, i, step);
                } else if (inner) {
                    doFilter4(p, i, step);
                } else {
                    doFilter6(p, i, step);
                }
            }
        }
    }
}

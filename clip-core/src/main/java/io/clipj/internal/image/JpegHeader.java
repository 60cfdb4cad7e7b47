package io.clipj.internal.image;

/**
 * What libjpeg needs from a JPEG's markers to choose its colour space ({@code jdapimin.c}
 * {@code default_decompress_parms}): the JFIF and Adobe markers, the Adobe transform, and the frame's component
 * ids. Scans markers up to the first SOS; never reads entropy-coded data.
 *
 * <p>Immutable and thread-safe.
 */
public record JpegHeader(boolean jfif, boolean adobe, int adobeTransform, int[] componentIds) {

    /** libjpeg's colour space of the stored components. */
    public enum Space { GRAY, YCBCR, RGB, CMYK, YCCK }

    /** The colour space libjpeg infers, hence the conversion PIL's decode applies. */
    public Space space() {
        int n = componentIds.length;
        if (n == 1) {
            return Space.GRAY;
        }
        if (n == 3) {
            if (jfif) {
                return Space.YCBCR;
            }
            if (adobe) {
                return adobeTransform == 0 ? Space.RGB : Space.YCBCR;
            }
            if (componentIds[0] == 'R' && componentIds[1] == 'G' && componentIds[2] == 'B') {
                return Space.RGB;
            }
            return Space.YCBCR;
        }
        if (n == 4) {
            if (adobe) {
                return adobeTransform == 0 ? Space.CMYK : Space.YCCK;
            }
            return Space.CMYK;
        }
        throw new IllegalStateException(n + " components");
    }

    /** Parses the markers; null when no frame header (SOFn) is found before SOS or the end of the data. */
    public static JpegHeader parse(byte[] b) {
        boolean jfif = false;
        boolean adobe = false;
        int transform = -1;
        int p = 2;
        while (p + 4 <= b.length) {
            if ((b[p] & 0xff) != 0xFF) {
                return null;
            }
            int marker = b[p + 1] & 0xff;
            if (marker == 0xFF) {
                p++; // fill byte
                continue;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                p += 2;
                continue;
            }
            int len = ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
            int body = p + 4;
            if (len < 2 || body + len - 2 > b.length) {
                return null;
            }
            if (marker == 0xE0 && len >= 16 && ascii(b, body, "JFIF\0")) {
                jfif = true;
            } else if (marker == 0xEE && len >= 14 && ascii(b, body, "Adobe")) {
                adobe = true;
                transform = b[body + 11] & 0xff;
            } else if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                int n = len >= 8 ? b[body + 5] & 0xff : 0;
                if (n == 0 || len < 8 + 3 * n) {
                    return null;
                }
                int[] ids = new int[n];
                for (int i = 0; i < n; i++) {
                    ids[i] = b[body + 6 + 3 * i] & 0xff;
                }
                return new JpegHeader(jfif, adobe, transform, ids);
            } else if (marker == 0xDA) {
                return null;
            }
            p = body + len - 2;
        }
        return null;
    }

    private static boolean ascii(byte[] b, int at, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (b[at + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}

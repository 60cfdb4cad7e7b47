package io.clipj.internal.image;

/**
 * The container formats we decode, recognised by their content (not by file name): magic bytes, and for TGA,
 * which has none, a header PIL would accept.
 */
public enum ImageFormat {
    PNG("png"), JPEG("jpeg"), WEBP("webp"), BMP("bmp"), GIF("gif"), TIFF("tiff"), PNM("pnm"), ICO("ico"),
    TGA("tga");

    private final String imageIoName;

    ImageFormat(String imageIoName) {
        this.imageIoName = imageIoName;
    }

    /** The ImageIO format name. */
    public String imageIoName() {
        return imageIoName;
    }

    /** The format whose signature {@code b} starts with, or null. */
    public static ImageFormat sniff(byte[] b) {
        if (startsWith(b, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return PNG;
        }
        if (startsWith(b, 0, 0xFF, 0xD8, 0xFF)) {
            return JPEG;
        }
        if (startsWith(b, 0, 'R', 'I', 'F', 'F') && startsWith(b, 8, 'W', 'E', 'B', 'P')) {
            return WEBP;
        }
        if (startsWith(b, 0, 'B', 'M')) {
            return BMP;
        }
        if (startsWith(b, 0, 'G', 'I', 'F', '8')) {
            return GIF;
        }
        if (startsWith(b, 0, 'I', 'I', 42, 0) || startsWith(b, 0, 'M', 'M', 0, 42)) {
            return TIFF;
        }
        if (b.length >= 3 && b[0] == 'P' && b[1] >= '1' && b[1] <= '6' && isPnmSpace(b[2])) {
            return PNM;
        }
        if (IcoFile.accepts(b)) {
            return ICO;
        }
        return tgaHeader(b) ? TGA : null;
    }

    private static boolean isPnmSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '#';
    }

    /**
     * TGA's 18-byte header as PIL's {@code TgaImagePlugin} accepts it (colour map type 0 or 1, a known image
     * type, a known depth, non-empty size), plus what every writer sets: a colour map exactly for the
     * colour-mapped types and zero reserved descriptor bits.
     */
    private static boolean tgaHeader(byte[] b) {
        if (b.length < 18) {
            return false;
        }
        int mapType = b[1] & 0xff;
        int type = b[2] & 0xff;
        int width = (b[12] & 0xff) | (b[13] & 0xff) << 8;
        int height = (b[14] & 0xff) | (b[15] & 0xff) << 8;
        int depth = b[16] & 0xff;
        boolean mapped = type == 1 || type == 9;
        boolean known = mapped || type == 2 || type == 10 || type == 3 || type == 11;
        return known && mapType == (mapped ? 1 : 0) && width > 0 && height > 0 && (b[17] & 0xc0) == 0
                && (depth == 1 || depth == 8 || depth == 15 || depth == 16 || depth == 24 || depth == 32);
    }

    private static boolean startsWith(byte[] b, int at, int... sig) {
        if (b.length < at + sig.length) {
            return false;
        }
        for (int i = 0; i < sig.length; i++) {
            if ((b[at + i] & 0xff) != sig[i]) {
                return false;
            }
        }
        return true;
    }
}

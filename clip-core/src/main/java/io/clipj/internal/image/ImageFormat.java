package io.clipj.internal.image;

/**
 * The container formats we decode, recognised by their magic bytes (not by file name).
 */
public enum ImageFormat {
    PNG("png"), JPEG("jpeg"), WEBP("webp"), BMP("bmp"), GIF("gif");

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
        return null;
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

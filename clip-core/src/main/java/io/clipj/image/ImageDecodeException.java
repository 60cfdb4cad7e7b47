package io.clipj.image;

import java.io.IOException;

/**
 * An image could not be decoded or was refused (unknown format, truncated or corrupt data, too many pixels).
 * The message always begins with the source (file name or a caller-given label).
 */
public class ImageDecodeException extends IOException {

    private final String source;

    public ImageDecodeException(String source, String problem) {
        super(source + ": " + problem);
        this.source = source;
    }

    public ImageDecodeException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = source;
    }

    /** The file name or label of the image that failed. */
    public String source() {
        return source;
    }
}

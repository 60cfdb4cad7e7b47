package io.clipj;

/**
 * An input the caller passed is unusable: null, empty, unreadable, or not a decodable image. The message names
 * the item (its file, or its index in a batch call) and the problem; {@link #index()} is that index.
 */
public class InputException extends ClipException {

    private static final long serialVersionUID = 1L;

    private final int index;

    /**
     * @param index   the offending item's position in a batch call, or -1 for a single-item call
     * @param message what is wrong, naming the item
     * @param cause   the underlying failure (may be null)
     */
    public InputException(int index, String message, Throwable cause) {
        super(message, cause);
        this.index = index;
    }

    /** The offending item's position in a batch call, or -1 for a single-item call. */
    public int index() {
        return index;
    }
}

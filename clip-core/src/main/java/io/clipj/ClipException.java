package io.clipj;

/**
 * Any failure of a {@link Clip} call: unchecked, so embedding calls need no {@code try}/{@code catch} around
 * them. The subclasses say whose problem it is: {@link ModelLoadException} (the model's files),
 * {@link InputException} (an image or text the caller passed).
 */
public class ClipException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}, caused by {@code cause} (may be null). */
    public ClipException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A failure described by {@code message}. */
    public ClipException(String message) {
        super(message);
    }
}

package io.clipj;

/**
 * The model could not be loaded: its directory, {@code config.json}, tokenizer or preprocessor files or its
 * weights are missing, unreadable or invalid. The message names the file. Towers are built on first use, so an
 * embedding call may throw this too.
 */
public class ModelLoadException extends ClipException {

    private static final long serialVersionUID = 1L;

    /** A load failure described by {@code message}, caused by {@code cause} (may be null). */
    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.clipj.index;

import java.io.IOException;

/** The index was built with another model than the one it is opened with; its vectors would be meaningless. */
public final class ModelMismatchException extends IOException {

    private static final long serialVersionUID = 1L;

    ModelMismatchException(String message) {
        super(message);
    }
}

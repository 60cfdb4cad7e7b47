package io.clipj.weights;

import java.io.IOException;

/**
 * A checkpoint file is malformed, unsupported or unsafe. The message names the file and, where one is
 * involved, the tensor or pickle global.
 */
public class CheckpointFormatException extends IOException {

    public CheckpointFormatException(String message) {
        super(message);
    }

    public CheckpointFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.clipj.weights;

import java.util.List;

/**
 * A checkpoint's tensors do not match what the model configuration implies. One exception lists every
 * missing, unexpected and mis-shaped tensor, so a user sees the whole picture at once.
 */
public class CheckpointMismatchException extends CheckpointFormatException {

    private final List<String> missing;
    private final List<String> unexpected;
    private final List<String> misshaped;

    public CheckpointMismatchException(String source, List<String> missing, List<String> unexpected,
                                       List<String> misshaped) {
        super(message(source, missing, unexpected, misshaped));
        this.missing = List.copyOf(missing);
        this.unexpected = List.copyOf(unexpected);
        this.misshaped = List.copyOf(misshaped);
    }

    /** Keys the configuration needs that the checkpoint lacks. */
    public List<String> missing() {
        return missing;
    }

    /** Keys the checkpoint has that the configuration does not explain. */
    public List<String> unexpected() {
        return unexpected;
    }

    /** One line per tensor whose shape or dtype is wrong: {@code key: F32[3, 4], expected [4, 3]}. */
    public List<String> misshaped() {
        return misshaped;
    }

    private static String message(String source, List<String> missing, List<String> unexpected, List<String> misshaped) {
        StringBuilder sb = new StringBuilder(source).append(" does not match the model config:");
        if (!missing.isEmpty()) {
            sb.append(' ').append(missing.size()).append(" missing ").append(missing).append(';');
        }
        if (!unexpected.isEmpty()) {
            sb.append(' ').append(unexpected.size()).append(" unexpected ").append(unexpected).append(';');
        }
        if (!misshaped.isEmpty()) {
            sb.append(' ').append(misshaped.size()).append(" mis-shaped ").append(misshaped).append(';');
        }
        sb.setLength(sb.length() - 1);
        return sb.toString();
    }
}

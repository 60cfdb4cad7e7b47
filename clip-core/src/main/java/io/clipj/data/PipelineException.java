package io.clipj.data;

import io.clipj.internal.data.MemberNames;

/**
 * A failure in {@link PrefetchPipeline}: a sample whose preprocessing failed (the message names its key and
 * shard), or an interrupted wait.
 *
 * <p>Immutable once thrown, like every exception; safe to pass between threads.
 */
public class PipelineException extends RuntimeException {

    /** Creates the exception; the message names the sample. */
    public PipelineException(String message, Throwable cause) {
        super(MemberNames.printable(message), cause); // keys and names come from hostile shards
    }
}

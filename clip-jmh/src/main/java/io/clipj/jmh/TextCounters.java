package io.clipj.jmh;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Texts and token positions embedded, reported by JMH as rates beside the ops/s line: {@code texts} in txt/s,
 * {@code tokens} in positions/s. A benchmark adds what one call embedded.
 *
 * <p>Not thread-safe: one instance per benchmark thread (JMH's {@code Scope.Thread}).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class TextCounters {

    /** Texts embedded. */
    public long texts;
    /** Token positions run through the text tower (batch × longest sequence of the batch). */
    public long tokens;

    @Setup(Level.Iteration)
    public void reset() {
        texts = 0;
        tokens = 0;
    }
}

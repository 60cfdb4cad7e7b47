package io.clipj.jmh;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Images embedded, reported by JMH as a rate (img/s) beside the ops/s line. A benchmark adds what one call
 * embedded.
 *
 * <p>Not thread-safe: one instance per benchmark thread (JMH's {@code Scope.Thread}).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class ImageCounters {

    /** Images embedded. */
    public long images;

    @Setup(Level.Iteration)
    public void reset() {
        images = 0;
    }
}

package io.clipj.internal.model;

import io.clipj.internal.engine.CompiledGraph;
import java.util.Map;
import java.util.function.Supplier;
import org.nd4j.autodiff.listeners.Listener;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What {@link ImageTower} and {@link TextTower} share once their graph is built: the SameDiff graph and its one
 * output, the executor that runs it (the compiled CPU executor, or {@code SameDiff.output}), the split of a batch
 * across the cores ({@link DataParallel}), the profiling hooks and the checkpoint keys the build read. The towers
 * add only their graph and their inputs: how a batch becomes a feed.
 *
 * <p>Thread-safe: the graph and the compiled plan are immutable after construction; {@link #run} only reads them.
 */
public abstract sealed class TowerGraph permits ImageTower, TextTower {

    private final SameDiff sd;
    private final String output;
    private final CompiledGraph engine; // null: run through SameDiff.output
    private volatile Map<String, Long> stepTimes; // null: not profiling
    private final Map<String, long[]> tensorsRead;
    private final TowerThreads threads;

    /**
     * The graph built through {@code vs}, whose variable {@code output} is the tower's result; with
     * {@code compiled}, it is prepared for the compiled CPU executor ({@link CompiledGraph}).
     */
    TowerGraph(GraphParams vs, String output, boolean compiled, TowerThreads threads) {
        this.sd = vs.sd();
        this.output = output;
        this.engine = compiled ? CompiledGraph.prepare(sd, output) : null;
        this.tensorsRead = vs.tensorsRead();
        this.threads = threads;
    }

    /** {@code n} items computed chunk by chunk across the cores, as {@link TowerThreads} says. */
    final float[][] map(int n, DataParallel.Chunk chunk) {
        return DataParallel.of(threads).map(n, chunk);
    }

    /**
     * The output for one feed, one row per item. {@code wholeBatch}: the chunk is the whole call (not split across
     * chunk threads), so the compiled executor may use every core.
     */
    final float[][] run(Map<String, INDArray> feed, boolean wholeBatch) {
        if (engine == null) {
            return sd.output(feed, output).get(output).toFloatMatrix();
        }
        Map<String, Long> times = stepTimes;
        Supplier<float[][]> run = () -> (times == null ? engine.run(feed) : engine.run(feed, times)).toFloatMatrix();
        return wholeBatch ? NativeThreads.withAllCores(threads.ompThreads(), run) : run.get();
    }

    /** The checkpoint keys the build read, with their shapes (for the test that they are ClipWeights' keys). */
    final Map<String, long[]> tensorsRead() {
        return tensorsRead;
    }

    /** How many threads SameDiff keeps inference state for in this graph: each one that has run it (for tests). */
    final int threadStates() {
        return sd.getSessions().size(); // ND4J's API name for its per-thread inference state
    }

    /**
     * Replaces the graph's SameDiff listeners, e.g. with a per-op timer for profiling ({@code bench --profile});
     * none by default. Not thread-safe: call it while no other thread is running the tower.
     */
    public final void setListeners(Listener... listeners) {
        sd.setListeners(listeners);
    }

    /**
     * Profiling of the compiled executor ({@code bench --profile}): each kernel's nanoseconds are added to
     * {@code times} (a concurrent map) under its kind; null stops it.
     */
    public final void setStepTimes(Map<String, Long> times) {
        stepTimes = times;
    }
}

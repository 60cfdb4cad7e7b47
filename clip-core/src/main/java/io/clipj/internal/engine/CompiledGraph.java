package io.clipj.internal.engine;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tower's SameDiff graph prepared for the compiled executor: the linear layers' weights packed once for
 * oneDNN (ND4J's copies freed, so the graph itself can no longer run through {@code SameDiff.output}), and a
 * {@link CompiledPlan} per thread and input shape, compiled on first use.
 *
 * <p>Thread-safe: each thread gets its own plans (they own their intermediate memory). Each thread keeps its
 * plans up to {@link #PLAN_BYTES_PER_THREAD} bytes of intermediates and {@value #PLANS_PER_THREAD} plans, least
 * recently used dropped first (the newest is kept even if it alone is larger): texts come in many lengths, each
 * its own plan, and recompiling one costs tens of milliseconds.
 */
public final class CompiledGraph {

    private static final Logger LOG = LoggerFactory.getLogger(CompiledGraph.class);
    /** At most this many plans per thread, however small. */
    static final int PLANS_PER_THREAD = 32;
    /** Intermediate memory the plans of one thread may hold together. */
    static final long PLAN_BYTES_PER_THREAD = 64L << 20;

    private final SameDiff sd;
    private final String output;
    private final PackedWeights weights = new PackedWeights();
    private final ThreadLocal<Map<String, CompiledPlan>> plans = ThreadLocal.withInitial(() ->
            new LinkedHashMap<>(16, 0.75f, true));

    private CompiledGraph(SameDiff sd, String output) {
        this.sd = sd;
        this.output = output;
    }

    /**
     * Packs every weight that a {@code matmul} reads transposed ({@code x·Wᵀ}, HF's {@code [out, in]} Linear
     * weights) and frees ND4J's copy of it. After this, run {@code sd} only through the returned object.
     *
     * @param output the variable a plan computes
     */
    public static CompiledGraph prepare(SameDiff sd, String output) {
        long start = System.nanoTime();
        CompiledGraph g = new CompiledGraph(sd, output);
        long bytes = 0;
        for (SameDiffOp op : sd.getOps().values()) {
            if (op.getOp() instanceof Mmul m && Arrays.equals(m.iArgs(), new long[] {0, 1, 0})
                    && op.getInputsToOp().size() == 2) {
                String name = op.getInputsToOp().get(1);
                if (sd.getVariable(name).getVariableType() == VariableType.CONSTANT && !g.weights.contains(name)) {
                    INDArray w = sd.getArrForVarName(name);
                    if (w.rank() == 2) {
                        bytes += w.length() * 4;
                        g.weights.pack(name, w);
                        release(w);
                    }
                }
            }
        }
        LOG.info("compiled executor: packed {} MB of linear weights in {} ms", bytes >> 20,
                (System.nanoTime() - start) / 1_000_000);
        return g;
    }

    /** Frees the native memory of ND4J's copy of a packed weight. */
    private static void release(INDArray w) {
        if (w.data().closeable()) {
            w.data().close();
        } else if (w.data().underlyingDataBuffer() != null && w.data().underlyingDataBuffer().closeable()) {
            w.data().underlyingDataBuffer().close();
        }
    }

    /**
     * The calling thread's plan for these input shapes, compiled on first use.
     *
     * @param shapes each placeholder's shape
     */
    public CompiledPlan plan(Map<String, long[]> shapes) {
        StringBuilder key = new StringBuilder();
        new TreeMap<>(shapes).forEach((k, v) -> key.append(k).append(Arrays.toString(v)));
        Map<String, CompiledPlan> mine = plans.get();
        CompiledPlan plan = mine.get(key.toString());
        if (plan == null) {
            long start = System.nanoTime();
            plan = PlanCompiler.compile(sd, weights, shapes, output);
            LOG.debug("compiled plan {}: {} steps, {} MB of intermediates, {} ms", key, plan.steps(),
                    plan.arenaBytes() >> 20, (System.nanoTime() - start) / 1_000_000);
            mine.put(key.toString(), plan);
            evictBeyondBudget(mine);
        }
        return plan;
    }

    /** Drops the least recently used plans until the rest fit the per-thread budget (the newest always stays). */
    private static void evictBeyondBudget(Map<String, CompiledPlan> mine) {
        long bytes = mine.values().stream().mapToLong(CompiledPlan::arenaBytes).sum();
        while (mine.size() > 1 && (mine.size() > PLANS_PER_THREAD || bytes > PLAN_BYTES_PER_THREAD)) {
            String eldest = mine.keySet().iterator().next();
            CompiledPlan dropped = mine.remove(eldest);
            bytes -= dropped.arenaBytes();
            dropped.close();
        }
    }

    /** Runs {@link #plan} for the shapes of {@code feed}. */
    public INDArray run(Map<String, INDArray> feed) {
        return plan(shapesOf(feed)).run(feed);
    }

    /** Runs {@link #plan} for the shapes of {@code feed}, adding each step kind's nanoseconds to {@code times}. */
    public INDArray run(Map<String, INDArray> feed, Map<String, Long> times) {
        return plan(shapesOf(feed)).run(feed, times);
    }

    private static Map<String, long[]> shapesOf(Map<String, INDArray> feed) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        feed.forEach((k, v) -> shapes.put(k, v.shape()));
        return shapes;
    }

    /** Steps and names of the kinds of kernels of the calling thread's plans (for tests). */
    List<CompiledPlan> plansOfThisThread() {
        return List.copyOf(plans.get().values());
    }
}

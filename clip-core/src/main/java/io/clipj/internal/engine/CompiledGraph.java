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
 * <p>Thread-safe: each thread gets its own plans (they own their intermediate memory); at most
 * {@value #PLANS_PER_THREAD} per thread are kept, least recently used dropped first.
 */
public final class CompiledGraph {

    private static final Logger LOG = LoggerFactory.getLogger(CompiledGraph.class);
    static final int PLANS_PER_THREAD = 6;

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
            if (mine.size() >= PLANS_PER_THREAD) {
                String eldest = mine.keySet().iterator().next();
                mine.remove(eldest).close();
            }
            long start = System.nanoTime();
            plan = PlanCompiler.compile(sd, weights, shapes, output);
            LOG.debug("compiled plan {}: {} steps, {} MB of intermediates, {} ms", key, plan.steps(),
                    plan.arenaBytes() >> 20, (System.nanoTime() - start) / 1_000_000);
            mine.put(key.toString(), plan);
        }
        return plan;
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

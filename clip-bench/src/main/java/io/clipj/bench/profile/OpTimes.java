package io.clipj.bench.profile;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Wall time of graph ops, summed by kind: a SameDiff listener that times each op from just before to just
 * after its native execution. A matrix multiply's kind includes its operand shapes and transpose flags
 * ({@code matmul [50, 768]·[3072, 768]ᵀ}), so each linear layer of a tower shows as its own row; every other op
 * is keyed by its name. What the rows do not add up to is the graph executor's own work between ops (shape
 * functions, output allocation, bookkeeping), which {@link #print} reports as the rest of the wall time.
 *
 * <p>Thread-safe: ops running on several threads at once (a batch split across the cores) are timed on each
 * thread and summed, so op time can exceed wall time.
 */
public final class OpTimes extends BaseListener {

    private final Map<String, LongAdder[]> byKind = new ConcurrentHashMap<>();
    private final ThreadLocal<long[]> started = ThreadLocal.withInitial(() -> new long[1]);
    private final Set<Long> threads = ConcurrentHashMap.newKeySet();

    @Override
    public boolean isActive(Operation operation) {
        return operation == Operation.INFERENCE;
    }

    @Override
    public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext context) {
        started.get()[0] = System.nanoTime();
    }

    @Override
    public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext context,
            INDArray[] outputs) {
        long nanos = System.nanoTime() - started.get()[0];
        LongAdder[] sums = byKind.computeIfAbsent(kind(op.getOp().opName(), context),
                k -> new LongAdder[] {new LongAdder(), new LongAdder()});
        sums[0].increment();
        sums[1].add(nanos);
        threads.add(Thread.currentThread().getId());
    }

    /** Forgets everything timed so far. */
    public void reset() {
        byKind.clear();
        threads.clear();
    }

    /** Ops timed so far, the most expensive kind first. */
    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        byKind.forEach((kind, sums) -> rows.add(new Row(kind, sums[0].sum(), sums[1].sum())));
        rows.sort(Comparator.comparingLong(Row::nanos).reversed().thenComparing(Row::kind));
        return rows;
    }

    /**
     * A table of the op kinds per tower call: calls, milliseconds, share of op time; then the op time against
     * the wall time of those calls on the threads that ran ops.
     *
     * @param calls tower calls that were timed
     * @param wallNanos their wall time
     */
    public void print(PrintWriter out, long calls, long wallNanos) {
        List<Row> rows = rows();
        int threads = Math.max(1, this.threads.size());
        long total = rows.stream().mapToLong(Row::nanos).sum();
        out.printf("%-52s %9s %10s %7s%n", "op", "per call", "ms/call", "share");
        for (Row row : rows) {
            out.printf("%-52s %9.1f %10.2f %6.1f%%%n", row.kind(), (double) row.calls() / calls,
                    row.nanos() / 1e6 / calls, 100.0 * row.nanos() / Math.max(1, total));
        }
        double wall = wallNanos / 1e6 / calls;
        double ops = total / 1e6 / calls;
        out.printf("ops %.2f ms/call (summed over threads); wall %.2f ms/call x %d thread%s = %.2f; "
                + "outside ops %.2f ms/call (%.1f%%)%n", ops, wall, threads, threads == 1 ? "" : "s", wall * threads,
                wall * threads - ops, 100.0 * (wall * threads - ops) / (wall * threads));
        out.flush();
    }

    private static String kind(String name, OpContext context) {
        if (!name.equals("matmul") || context == null || context.numInputArguments() < 2) {
            return name;
        }
        long[] flags = context.getIArguments().stream().mapToLong(Long::longValue).toArray();
        boolean transposeA = flags.length > 0 && flags[0] != 0;
        boolean transposeB = flags.length > 1 && flags[1] != 0;
        return name + " " + Arrays.toString(context.getInputArray(0).shape()) + (transposeA ? "ᵀ" : "") + "·"
                + Arrays.toString(context.getInputArray(1).shape()) + (transposeB ? "ᵀ" : "");
    }

    /** One op kind: how often it ran and its summed wall time. */
    public record Row(String kind, long calls, long nanos) {
    }
}

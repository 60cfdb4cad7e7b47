package io.clipj.internal.engine;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A graph compiled for one set of input shapes ({@link PlanCompiler}): a list of kernel calls bound once to
 * memory laid out once ({@link Arena}), so a call copies the inputs in, runs the kernels, and returns a view of
 * the output.
 *
 * <p>Not thread-safe: one plan per thread ({@link CompiledGraph} keeps them per thread); the returned output is
 * overwritten by the next {@link #run}.
 */
public final class CompiledPlan implements AutoCloseable {

    private final List<Step> steps;
    private final Map<String, INDArray> inputs;
    private final INDArray output;
    private final long arenaBytes;
    private final List<Slot> slots;

    private CompiledPlan(List<Step> steps, Map<String, INDArray> inputs, INDArray output, long arenaBytes,
                         List<Slot> slots) {
        this.steps = steps;
        this.slots = slots;
        this.inputs = inputs;
        this.output = output;
        this.arenaBytes = arenaBytes;
    }

    /** Gives every value its memory (reusing dead values' bytes) and binds every step to it. */
    static CompiledPlan layOut(List<Step> steps, Map<String, Tensor> inputs, Tensor output) {
        Map<Slot, Boolean> seen = new IdentityHashMap<>();
        List<Slot> slots = new ArrayList<>();
        for (Tensor t : inputs.values()) {
            t.slot.writtenAt(-1);
            add(seen, slots, t.slot);
        }
        for (int i = 0; i < steps.size(); i++) {
            for (Tensor t : steps.get(i).inputs()) {
                t.slot.readAt(i);
                add(seen, slots, t.slot);
            }
            for (Tensor t : steps.get(i).outputs()) {
                t.slot.writtenAt(i);
                add(seen, slots, t.slot);
            }
        }
        output.slot.readAt(Integer.MAX_VALUE);
        add(seen, slots, output.slot);
        long bytes = Arena.layOut(slots);
        for (Step s : steps) {
            s.bind();
        }
        Map<String, INDArray> in = new LinkedHashMap<>();
        inputs.forEach((name, t) -> in.put(name, t.array()));
        return new CompiledPlan(List.copyOf(steps), in, output.array(), bytes, slots);
    }

    private static void add(Map<Slot, Boolean> seen, List<Slot> slots, Slot s) {
        if (seen.put(s, Boolean.TRUE) == null) {
            slots.add(s);
        }
    }

    /**
     * Copies {@code feed} into the inputs and runs every step.
     *
     * @return the output, a view valid until the next call
     */
    public INDArray run(Map<String, INDArray> feed) {
        for (Map.Entry<String, INDArray> e : inputs.entrySet()) {
            INDArray value = feed.get(e.getKey());
            if (value == null) {
                throw new IllegalArgumentException("no value for input '" + e.getKey() + "'");
            }
            e.getValue().assign(value);
        }
        for (Step s : steps) {
            s.run();
        }
        return output;
    }

    /** As {@link #run}, adding each step's time in nanoseconds to {@code times} under its kind. */
    public INDArray run(Map<String, INDArray> feed, Map<String, Long> times) {
        for (Map.Entry<String, INDArray> e : inputs.entrySet()) {
            e.getValue().assign(feed.get(e.getKey()));
        }
        for (Step s : steps) {
            long t0 = System.nanoTime();
            s.run();
            times.merge(s.kind(), System.nanoTime() - t0, Long::sum);
        }
        return output;
    }

    /** Number of kernel calls per run. */
    public int steps() {
        return steps.size();
    }

    /** Bytes of intermediate memory this plan holds. */
    public long arenaBytes() {
        return arenaBytes;
    }

    @Override
    public void close() {
        for (Step s : steps) {
            s.close();
        }
        Map<Object, Boolean> closed = new IdentityHashMap<>();
        for (Slot s : slots) {
            if (s.data() != null && closed.put(s.data(), Boolean.TRUE) == null && s.data().closeable()) {
                s.data().close();
            }
        }
    }
}

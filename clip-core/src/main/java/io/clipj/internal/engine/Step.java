package io.clipj.internal.engine;

/**
 * One kernel call of a compiled plan. A step is built while the plan is compiled (shapes known, memory not yet
 * laid out), then {@link #bind bound} once to its memory; {@link #run} only runs the kernel.
 *
 * <p>Not thread-safe: belongs to one plan.
 */
interface Step {

    /** Creates the kernel's memory objects and arguments; called once, after the plan's memory is laid out. */
    void bind();

    /** Runs the kernel on the bound memory. */
    void run();

    /** Frees the kernel's native objects (not the plan's memory). */
    default void close() {
    }

    /** What kind of kernel this is, for profiles (e.g. {@code linear}, {@code nd4j:gather}). */
    String kind();

    /** The tensors this step reads. */
    Tensor[] inputs();

    /** The tensors this step writes. */
    Tensor[] outputs();
}

/**
 * The compiled CPU executor: a tower's SameDiff graph, the definition of the model, compiled per input shape
 * and thread into a fixed list of kernel calls. Linear layers run on oneDNN matmuls with weights packed once
 * and bias, activation and residual fused; LayerNorm and softmax on oneDNN kernels; attention on strided
 * per-head views of the fused q/k/v rows; every intermediate is allocated once, reusing dead values' memory;
 * any other op runs on ND4J's kernel with a preset context. {@code SameDiff.output} stays the reference
 * executor ({@code ClipOptions.Executor.SAMEDIFF}).
 *
 * <p>Entry point: {@link io.clipj.internal.engine.CompiledGraph}.
 */
package io.clipj.internal.engine;

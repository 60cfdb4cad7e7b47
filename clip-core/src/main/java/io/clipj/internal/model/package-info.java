/**
 * The CLIP towers as ND4J SameDiff graphs, one class per module of HuggingFace's {@code modeling_clip.py}
 * ({@link io.clipj.internal.model.ClipVisionEmbeddings}, {@link io.clipj.internal.model.ClipAttention},
 * {@link io.clipj.internal.model.ClipEncoder}, ...), each building its part of a graph from the checkpoint scope
 * that holds its weights. {@link io.clipj.internal.model.ImageTower} and {@link io.clipj.internal.model.TextTower} are the
 * built, runnable graphs (tower plus projection). This package is internal to clip-core: the public API
 * with plain Java types is {@link io.clipj.Clip}.
 *
 * <p>Graph conventions (see {@code shared/docs/SAMEDIFF.md}): token rows are kept rank 2 {@code [B*T, W]}
 * for every linear layer; HF Linear weights stay {@code [out, in]} and are multiplied with
 * {@code transposeB}; LayerNorm is composed with its epsilon and its affine part folded into the next
 * Linear where there is one; reductions use explicit non-negative axes. {@link io.clipj.internal.model.DataParallel}
 * spreads each call's batch over the cores.
 */
package io.clipj.internal.model;

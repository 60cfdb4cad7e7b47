/**
 * Reading HuggingFace CLIP checkpoints: the {@link io.clipj.weights.Checkpoint} abstraction over
 * safetensors and torch zip-pickle files (single or sharded), opened by
 * {@link io.clipj.weights.Checkpoints#open}; tensor metadata; {@link io.clipj.weights.WeightScope}, which lets
 * model code walk the checkpoint's key tree; and {@link io.clipj.weights.ClipWeights}, the exact HF
 * {@code CLIPModel} key list that a checkpoint is validated against before any graph is built.
 *
 * <h2>How the graphs receive weights</h2>
 * Straight from the file: every reader memory-maps its file ({@link io.clipj.weights.internal.MappedFile}) and
 * decodes a tensor on request into the caller's destination, a {@code float[]} or a {@code FloatBuffer}
 * that may be direct (e.g. the off-heap memory behind an ND4J array). F32 data is one bulk memory copy;
 * F16/BF16 are widened exactly and F64 narrowed on the way. There is deliberately no converted cache file:
 * measured with {@code CheckpointLoadBenchmark} on this project's 2-core machine, reading all 151M
 * parameters of ViT-B/32 takes about 0.5 s from {@code model.safetensors} and 0.7 s from
 * {@code pytorch_model.bin} with the heap capped at 900 MB (about 0.7 MB of garbage per load when reading
 * into direct buffers), so a cache would add a second 605 MB file, a first-run conversion and staleness
 * questions while saving almost nothing.
 */
package io.clipj.weights;

/**
 * The public CLIP API: {@link io.clipj.Clip} (set up by {@link io.clipj.ClipBuilder}) loads a HuggingFace-layout
 * model directory and computes image and text embeddings, image-text similarity ({@link io.clipj.SimilarityResult})
 * and zero-shot classification ({@link io.clipj.ZeroShotClassifier}). Signatures use plain Java types only
 * ({@code float[][]}, {@code Path}, {@code BufferedImage}, records); {@link io.clipj.Embeddings} holds the
 * vector arithmetic.
 */
package io.clipj;

/**
 * Zero-shot image classification as CLIP_benchmark ({@code clip_benchmark/metrics/zeroshot_classification.py})
 * computes it, so our numbers can be compared with its published ones.
 *
 * <ul>
 *   <li>{@link io.clipj.zeroshot.ZeroShotWeights#build}: {@code zero_shot_classifier}: per class, every
 *       template filled ({@link io.clipj.zeroshot.PromptTemplates}, Python {@code str.format} rules), each text
 *       embedding L2-normalised, averaged, renormalised; weights {@code [D, C]}. Prompts of many classes go to
 *       the {@link io.clipj.zeroshot.TextEncoder} together in large batches.</li>
 *   <li>{@link io.clipj.zeroshot.ZeroShotWeights#logits}: {@code run_classification}:
 *       {@code 100 × normalise(image embedding) · W}, a fixed 100 whatever the model's {@code logit_scale}.</li>
 *   <li>{@link io.clipj.zeroshot.ZeroShotMetrics}: {@code accuracy} (top-1, top-5) and
 *       {@code balanced_accuracy_score} (mean per-class recall over the classes present in the labels) of the
 *       argmax; ties ranked lower class index first ({@link io.clipj.zeroshot.TopK}).</li>
 *   <li>{@link io.clipj.zeroshot.ClassifierCache}: classifiers on disk as {@code .npy}, keyed by SHA-256 of
 *       model identity, class names and templates; atomic writes; corrupt files rebuilt.</li>
 *   <li>{@link io.clipj.zeroshot.ZeroShotEvaluator}: the loop over a {@link io.clipj.data.WdsDataset} with
 *       preprocessing on a worker thread.</li>
 * </ul>
 *
 * <p>The model enters only through {@link io.clipj.zeroshot.TextEncoder} and
 * {@link io.clipj.zeroshot.ImageEncoder} (projected, unnormalised embeddings) and a preprocessing function,
 * so this package does not depend on the model classes. See {@code docs/zeroshot.md} for reproducing
 * CLIP_benchmark's ViT-B/32 ImageNetV2 result.
 */
package io.clipj.zeroshot;

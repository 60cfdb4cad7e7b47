/**
 * The CLIP towers as ND4J SameDiff graphs, one class per module of HuggingFace's {@code modeling_clip.py},
 * to be read beside it (and beside candle's {@code clip}). Each module is an object constructed from its
 * weight scope, {@code new ClipAttention(vs.pp("self_attn"), ...)} as candle's {@code vs.pp("q_proj")}, so
 * the constructors' call tree is the checkpoint's key tree ({@link io.clipj.internal.model.GraphParams});
 * its {@code forward(x, ...)} then wires its part of the graph:
 *
 * <pre>
 * ImageTower                          TextTower
 *   vision_model: ClipVisionTransformer   text_model: ClipTextTransformer
 *     embeddings: ClipVisionEmbeddings      embeddings: ClipTextEmbeddings
 *     pre_layrnorm: LayerNorm               encoder: ClipEncoder (causal mask)
 *     encoder: ClipEncoder                  final_layer_norm: LayerNorm
 *       layers.{i}: ClipEncoderLayer      text_projection: Linear
 *         layer_norm1: LayerNorm
 *         self_attn: ClipAttention (q_proj, k_proj, v_proj, out_proj: Linear)
 *         layer_norm2: LayerNorm
 *         mlp: ClipMlp (fc1, fc2: Linear)
 *     post_layernorm: LayerNorm
 *   visual_projection: Linear
 * </pre>
 *
 * <p>{@link io.clipj.internal.model.ImageTower} and {@link io.clipj.internal.model.TextTower} are the built,
 * runnable graphs (tower plus projection): each builds its graph and turns a batch into a feed, and shares the
 * rest (executor choice, running, profiling hooks) through {@link io.clipj.internal.model.TowerGraph};
 * {@link io.clipj.internal.model.DataParallel} spreads each call's batch over the cores. This package is
 * internal to clip-core: the public API with plain Java types is {@link io.clipj.Clip}.
 *
 * <p>Graph conventions (see {@code shared/docs/SAMEDIFF.md}): token rows are kept rank 2 {@code [B*T, W]}
 * for every linear layer; HF Linear weights stay {@code [out, in]} and are multiplied with
 * {@code transposeB}; LayerNorm is composed with its epsilon; reductions use explicit non-negative axes.
 * Graph constants are named by their checkpoint key ({@code vision_model.encoder.layers.0.mlp.fc1.weight}),
 * a rewritten weight keeping the key of the weight it came from, and a weight made of several under a new
 * leaf of their module's scope ({@code ...self_attn.qkv_proj.weight},
 * {@code ...embeddings.class_and_position_embedding}); op outputs keep SameDiff's generated names.
 *
 * <p>Deliberate deviations from HF, each exact in real arithmetic and proven against HF's (or OpenAI's)
 * outputs, to 1e-4, by the golden tests:
 * <table>
 * <caption>What differs from {@code modeling_clip.py}, where, and the test that shows it equal</caption>
 * <tr><th>deviation</th><th>class</th><th>test</th></tr>
 * <tr><td>LayerNorm's affine part (γ, β) folded into the Linear layers reading it: {@code layer_norm1}
 *     into q/k/v, {@code layer_norm2} into {@code fc1}; the graph runs only {@code (x - mean) /
 *     sqrt(var + eps)}</td>
 *     <td>{@link io.clipj.internal.model.LayerNorm#foldInto}, used by {@code ClipAttention}, {@code ClipMlp}</td>
 *     <td>{@code ClipGoldenTest.imageTextEmbedsAndLogitsMatchReference}</td></tr>
 * <tr><td>{@code q_proj}, {@code k_proj}, {@code v_proj} stacked into one {@code [3W, W]} {@code qkv_proj}:
 *     one matrix multiply and one permute</td>
 *     <td>{@link io.clipj.internal.model.ClipAttention}</td>
 *     <td>{@code ClipGoldenTest.imageTextEmbedsAndLogitsMatchReference}</td></tr>
 * <tr><td>queries pre-scaled: HF's {@code * self.scale} ({@code D^-0.5}) folded into {@code q_proj}'s weight
 *     and bias</td>
 *     <td>{@link io.clipj.internal.model.ClipAttention}</td>
 *     <td>{@code ClipGoldenTest.imageTextEmbedsAndLogitsMatchReference}</td></tr>
 * <tr><td>vision tower's last layer computed for the class token only (keys and values from every token):
 *     the only row {@code pooler_output} reads</td>
 *     <td>{@code forwardClassToken} of {@link io.clipj.internal.model.ClipEncoder} and
 *     {@link io.clipj.internal.model.ClipEncoderLayer}, {@code forwardRows} of
 *     {@link io.clipj.internal.model.ClipAttention}</td>
 *     <td>{@code ClipGoldenTest.imageTextEmbedsAndLogitsMatchReference} ({@code image_embeds})</td></tr>
 * <tr><td>text tower's last layer computed for each sequence's end token only (keys and values from every
 *     token, the query masked by its row of the causal mask): the only row the pooling reads</td>
 *     <td>{@code forwardPooled} of {@link io.clipj.internal.model.ClipEncoder},
 *     {@code forwardRows} of {@link io.clipj.internal.model.ClipEncoderLayer} and
 *     {@link io.clipj.internal.model.ClipAttention}</td>
 *     <td>{@code ClipGoldenTest.imageTextEmbedsAndLogitsMatchReference} ({@code text_embeds}),
 *     {@code CompiledFullSizeTest} (ends 7/19/77 in one batch)</td></tr>
 * <tr><td>text run only up to the last end token of the batch (not 77 positions), padding never
 *     masked: the tower is causal and pools at the end token</td>
 *     <td>{@link io.clipj.internal.model.TextTower}</td>
 *     <td>{@code TextTowerTest.runningUpToTheLastEndTokenEqualsTheFullContext},
 *     {@code TextTowerTest.tokensAfterTheEndTokenDoNotMatter}, {@code ClipFullSizeTest}</td></tr>
 * <tr><td>end-token rows pooled before {@code final_layer_norm} (HF normalises every row, then pools)</td>
 *     <td>{@link io.clipj.internal.model.ClipTextTransformer}</td>
 *     <td>{@code ClipGoldenTest.imageTextEmbedsAndLogitsMatchReference} ({@code text_embeds})</td></tr>
 * <tr><td>patch embedding (a stride-p {@code Conv2d}) as patch rows cut while copying the pixels in, times
 *     the kernel viewed as {@code [W, C·p·p]}</td>
 *     <td>{@link io.clipj.internal.model.ClipVisionEmbeddings}</td>
 *     <td>{@code ClipGoldenTest.imageTextEmbedsAndLogitsMatchReference} ({@code image_embeds})</td></tr>
 * <tr><td>class token as a zero row (pad) plus one table {@code position_embedding + [class_embedding;
 *     0...]}, instead of a concat and a broadcast add</td>
 *     <td>{@link io.clipj.internal.model.ClipVisionEmbeddings}</td>
 *     <td>{@code ClipGoldenTest.imageTextEmbedsAndLogitsMatchReference} ({@code image_embeds})</td></tr>
 * <tr><td>{@code quick_gelu} as ND4J's {@code gelu} (which is {@code x·σ(1.702x)}); exact {@code gelu}
 *     composed from {@code erf}</td>
 *     <td>{@link io.clipj.internal.model.ClipMlp}</td>
 *     <td>{@code ClipMlpTest}</td></tr>
 * </table>
 *
 * <p>The tensors the towers read are exactly {@code ClipWeights.expected} (less {@code logit_scale}, which
 * {@code Clip} reads), shapes included: {@code CheckpointKeysTest}, for the tiny golden model and a
 * full-size ViT-B/32.
 */
package io.clipj.internal.model;

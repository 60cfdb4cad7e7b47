package io.clipj.zeroshot;

import java.util.List;

/**
 * Embeds texts with a CLIP text tower: tokenise, run the model, project. This is the seam where the real
 * model ({@code io.clipj.Clip}) plugs into zero-shot classification.
 *
 * <pre>{@code
 * TextEncoder encoder = texts -> clip.embedTexts(texts);   // [N][D], projected, NOT normalised
 * ZeroShotWeights classifier = ZeroShotWeights.build(encoder, classNames, templates, 1024);
 * }</pre>
 *
 * <p>Implementations need not be thread-safe: the classifier builder calls them from one thread.
 */
@FunctionalInterface
public interface TextEncoder {

    /**
     * The projected text embeddings ({@code get_text_features}), one row per text, in input order, all of
     * the same width D; normalising is the caller's business. Texts may be of any token length (the encoder
     * truncates to the context length as {@code clip.tokenize(truncate=True)} does, and may bucket by length).
     */
    float[][] embedTexts(List<String> texts); // [N, D]
}

package io.clipj;

import io.clipj.zeroshot.ImageEncoder;
import io.clipj.zeroshot.TextEncoder;
import java.util.List;

/**
 * Adapters from a {@link Clip} to the zero-shot seams of {@code io.clipj.zeroshot}, so CLIP_benchmark's
 * protocol ({@code ZeroShotWeights.build}, {@code ZeroShotEvaluator}) runs on the real model.
 *
 * <pre>{@code
 * ZeroShotWeights clf = ZeroShotWeights.build(ZeroShotEncoders.text(clip), classNames, templates, 1000);
 * ZeroShotResult r = evaluator.evaluate(ds, clf, preprocess, ZeroShotEncoders.image(clip));
 * }</pre>
 *
 * <p>The text encoder needs no extra bucketing: {@link Clip#embedTokenIds(List)} already sorts each call's
 * texts by token length so every graph batch stops at its longest end token. I/O failures while a tower is
 * first loaded surface as {@link ModelLoadException}.
 *
 * <p>Stateless and thread-safe; the encoders are as thread-safe as the {@link Clip} they wrap.
 */
public final class ZeroShotEncoders {

    private ZeroShotEncoders() {
    }

    /** Projected, not normalised, text embeddings ({@code get_text_features}) through {@code clip}. */
    public static TextEncoder text(Clip clip) {
        return texts -> clip.embedTexts(texts); // [N, D]
    }

    /** Projected, not normalised, image embeddings ({@code get_image_features}) of preprocessed pixels. */
    public static ImageEncoder image(Clip clip) {
        return pixels -> clip.embedPixels(pixels.toArray(new float[0][])); // [N, D]
    }
}

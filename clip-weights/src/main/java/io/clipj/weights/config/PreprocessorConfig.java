package io.clipj.weights.config;

import java.util.List;

/**
 * The image preprocessing settings of a model, as HuggingFace's {@code CLIPImageProcessor} reads them from
 * {@code preprocessor_config.json}. Defaults are HF's ({@link #defaults()}).
 *
 * <p>Resize target: when {@code shortestEdge > 0} the shorter side is scaled to it and the longer side to
 * {@code int(shortestEdge * long / short)} (aspect kept, truncated); otherwise the image is resized to exactly
 * {@code resizeHeight × resizeWidth}. The legacy form {@code "size": 224} means {@code shortest_edge: 224},
 * and {@code "crop_size": 224} means a 224 × 224 crop, as HF's {@code get_size_dict} reads them.
 *
 * <p>Immutable and thread-safe.
 *
 * @param doResize       whether to resize
 * @param shortestEdge   target of the shorter side, or 0 when {@code resizeHeight}/{@code resizeWidth} apply
 * @param resizeHeight   exact resize height (only when {@code shortestEdge == 0})
 * @param resizeWidth    exact resize width (only when {@code shortestEdge == 0})
 * @param resample       PIL resampling filter id: 0 nearest, 1 lanczos, 2 bilinear, 3 bicubic, 4 box, 5 hamming
 * @param doCenterCrop   whether to centre-crop (zero-padding when the image is smaller)
 * @param cropHeight     crop height
 * @param cropWidth      crop width
 * @param doRescale      whether to multiply by {@code rescaleFactor}
 * @param rescaleFactor  usually 1/255
 * @param doNormalize    whether to apply {@code (x - mean) / std} per channel
 * @param imageMean      per-channel mean (3 values)
 * @param imageStd       per-channel standard deviation (3 values)
 * @param doConvertRgb   whether to convert to RGB first (PIL {@code convert("RGB")})
 */
public record PreprocessorConfig(
        boolean doResize,
        int shortestEdge,
        int resizeHeight,
        int resizeWidth,
        int resample,
        boolean doCenterCrop,
        int cropHeight,
        int cropWidth,
        boolean doRescale,
        double rescaleFactor,
        boolean doNormalize,
        List<Double> imageMean,
        List<Double> imageStd,
        boolean doConvertRgb) {

    /** OpenAI CLIP's channel means, HF's {@code OPENAI_CLIP_MEAN}. */
    public static final List<Double> OPENAI_CLIP_MEAN = List.of(0.48145466, 0.4578275, 0.40821073);
    /** OpenAI CLIP's channel standard deviations, HF's {@code OPENAI_CLIP_STD}. */
    public static final List<Double> OPENAI_CLIP_STD = List.of(0.26862954, 0.26130258, 0.27577711);
    /** PIL's {@code Image.BICUBIC}. */
    public static final int RESAMPLE_BICUBIC = 3;

    public PreprocessorConfig {
        if (shortestEdge < 0) {
            throw new IllegalArgumentException("size.shortest_edge must be positive, got " + shortestEdge);
        }
        if (shortestEdge > 0) {
            ConfigChecks.inRange("size.shortest_edge", shortestEdge, ConfigChecks.MAX_IMAGE_SIDE);
        } else {
            ConfigChecks.inRange("size.height", resizeHeight, ConfigChecks.MAX_IMAGE_SIDE);
            ConfigChecks.inRange("size.width", resizeWidth, ConfigChecks.MAX_IMAGE_SIDE);
        }
        ConfigChecks.inRange("crop_size.height", cropHeight, ConfigChecks.MAX_IMAGE_SIDE);
        ConfigChecks.inRange("crop_size.width", cropWidth, ConfigChecks.MAX_IMAGE_SIDE);
        if (resample < 0 || resample > 5) {
            throw new IllegalArgumentException("resample " + resample
                    + " is not a PIL filter (0 nearest, 1 lanczos, 2 bilinear, 3 bicubic, 4 box, 5 hamming)");
        }
        if (!(rescaleFactor > 0) || Double.isInfinite(rescaleFactor)) {
            throw new IllegalArgumentException("rescale_factor must be a positive number, got " + rescaleFactor);
        }
        imageMean = List.copyOf(imageMean);
        imageStd = List.copyOf(imageStd);
        if (imageMean.size() != 3) {
            throw new IllegalArgumentException("image_mean must have 3 values, got " + imageMean);
        }
        if (imageStd.size() != 3) {
            throw new IllegalArgumentException("image_std must have 3 values, got " + imageStd);
        }
        for (double s : imageStd) {
            if (!(s > 0) || Double.isInfinite(s)) {
                throw new IllegalArgumentException("image_std values must be positive, got " + imageStd);
            }
        }
    }

    /** HF {@code CLIPImageProcessor()}'s defaults: shortest edge 224, bicubic, 224 × 224 crop, 1/255, OpenAI stats. */
    public static PreprocessorConfig defaults() {
        return new PreprocessorConfig(true, 224, 0, 0, RESAMPLE_BICUBIC, true, 224, 224,
                true, 1.0 / 255, true, OPENAI_CLIP_MEAN, OPENAI_CLIP_STD, true);
    }
}

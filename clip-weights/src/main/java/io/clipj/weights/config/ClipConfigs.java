package io.clipj.weights.config;

/**
 * Named configurations of OpenAI's released CLIP models, equal to the {@code config.json} of the
 * corresponding HuggingFace repositories ({@code openai/clip-vit-base-patch32}, {@code -base-patch16},
 * {@code -large-patch14}, {@code -large-patch14-336}), legacy token ids included (those configs say
 * {@code bos_token_id 0}, {@code eos_token_id 2}, {@code pad_token_id 1}; the legacy eos id means "pool at
 * the highest token id", which is the end token).
 *
 * <p>Stateless and thread-safe; each call returns an immutable record.
 */
public final class ClipConfigs {

    private static final double LOGIT_SCALE_INIT = 2.6592;
    private static final double EPS = 1e-5;
    private static final String ACT = "quick_gelu";

    private ClipConfigs() {
    }

    /** {@code openai/clip-vit-base-patch32}: text 512 wide, 12 layers, 8 heads; vision 768 wide, 12 layers, 12 heads, patch 32. */
    public static ClipConfig vitB32() {
        return of(text(512, 8, 512), vision(768, 12, 12, 32, 224, 512), 512);
    }

    /** {@code openai/clip-vit-base-patch16}: as ViT-B/32 with 16-pixel patches (197 positions). */
    public static ClipConfig vitB16() {
        return of(text(512, 8, 512), vision(768, 12, 12, 16, 224, 512), 512);
    }

    /** {@code openai/clip-vit-large-patch14}: text 768 wide, 12 heads; vision 1024 wide, 24 layers, 16 heads, patch 14. */
    public static ClipConfig vitL14() {
        return of(text(768, 12, 768), vision(1024, 24, 16, 14, 224, 768), 768);
    }

    /** {@code openai/clip-vit-large-patch14-336}: ViT-L/14 at 336 pixels (577 positions). */
    public static ClipConfig vitL14_336() {
        return of(text(768, 12, 768), vision(1024, 24, 16, 14, 336, 768), 768);
    }

    private static ClipConfig of(ClipTextConfig text, ClipVisionConfig vision, int projectionDim) {
        return new ClipConfig(text, vision, projectionDim, LOGIT_SCALE_INIT);
    }

    /** OpenAI's text towers: 12 layers, MLP 4x wide, 77 positions, 49408 tokens. */
    private static ClipTextConfig text(int width, int heads, int projectionDim) {
        return new ClipTextConfig(49408, width, 4 * width, 12, heads, 77, ACT, EPS, projectionDim, 0, 2, 1);
    }

    private static ClipVisionConfig vision(int width, int layers, int heads, int patch, int image, int projectionDim) {
        return new ClipVisionConfig(width, 4 * width, layers, heads, 3, image, patch, ACT, EPS, projectionDim);
    }
}

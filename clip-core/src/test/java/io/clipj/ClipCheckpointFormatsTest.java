package io.clipj;

import static io.clipj.testutil.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertAll;

import io.clipj.testutil.Golden;
import io.clipj.testutil.HalfRoundedCheckpoint;
import io.clipj.weights.Checkpoint;
import io.clipj.weights.Checkpoints;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The same tiny model from its other weight files: {@code pytorch_model.bin} (F32, torch zip pickle) must
 * meet the float32 tolerances; {@code model.fp16.safetensors} is checked two ways (see
 * {@link #fp16WeightsMatchF32WeightsRoundedToHalf} and {@link #fp16WeightsStayCloseToReference}).
 */
class ClipCheckpointFormatsTest {

    private static final Path DIR = Golden.tinyDir();

    @Test
    void pytorchBinMatchesReference() throws IOException {
        try (Clip clip = Clip.load(DIR, Checkpoints.openFile(DIR.resolve("pytorch_model.bin")), ClipOptions.defaults())) {
            float[][] images = clip.embedPixels(Golden.pixelValues());
            float[][] texts = clip.embedTokenIds(Golden.inputIds());
            float[][] logits = clip.similarity(images, texts).logitsPerImage();
            assertAll(
                    () -> assertClose("image_embeds", images, Golden.npy("image_embeds.npy"), 1e-4),
                    () -> assertClose("text_embeds", texts, Golden.npy("text_embeds.npy"), 1e-4),
                    () -> assertClose("logits_per_image", logits, Golden.npy("logits_per_image.npy"), 1e-3));
        }
    }

    /**
     * Exact check of F16 loading: the F16 file holds PyTorch's {@code .half()} of the F32 weights, so running
     * on it must equal running on the F32 weights rounded to half here (same float32 arithmetic after
     * widening): the float32 tolerance 1e-5 of batch comparisons applies.
     */
    @Test
    void fp16WeightsMatchF32WeightsRoundedToHalf() throws IOException {
        Checkpoint rounded = new HalfRoundedCheckpoint(Checkpoints.openFile(DIR.resolve("model.safetensors")));
        try (Clip fp16 = Clip.load(DIR, Checkpoints.openFile(DIR.resolve("model.fp16.safetensors")), ClipOptions.defaults());
             Clip expected = Clip.load(DIR, rounded, ClipOptions.defaults())) {
            float[][] pixels = Golden.pixelValues();
            assertAll(
                    () -> assertClose("image_embeds", fp16.embedPixels(pixels), expected.embedPixels(pixels), 1e-5),
                    () -> assertClose("text_embeds", fp16.embedTokenIds(Golden.inputIds()),
                            expected.embedTokenIds(Golden.inputIds()), 1e-5));
        }
    }

    /**
     * Against OpenAI's F32 reference, F16 weights cost precision: each weight moves by up to 2^-11 of itself
     * (4.9e-4 relative), and those errors add up over the layers' sums of 32–256 terms. Measured on this
     * model: 1.4e-3 (image embeddings), 3.4e-3 (text embeddings), 0.018 (logits, 49.4 × cosine). The bounds,
     * 1e-2 and 0.1, leave a margin of about 3–5× over that rounding effect and still catch a wrongly decoded
     * tensor, which moves results by O(1). The exact check of the F16 path is the test above.
     */
    @Test
    void fp16WeightsStayCloseToReference() throws IOException {
        try (Clip clip = Clip.load(DIR, Checkpoints.openFile(DIR.resolve("model.fp16.safetensors")), ClipOptions.defaults())) {
            float[][] images = clip.embedPixels(Golden.pixelValues());
            float[][] texts = clip.embedTokenIds(Golden.inputIds());
            float[][] logits = clip.similarity(images, texts).logitsPerImage();
            assertAll(
                    () -> assertClose("image_embeds", images, Golden.npy("image_embeds.npy"), 1e-2),
                    () -> assertClose("text_embeds", texts, Golden.npy("text_embeds.npy"), 1e-2),
                    () -> assertClose("logits_per_image", logits, Golden.npy("logits_per_image.npy"), 0.1));
        }
    }
}

package io.clipj.zeroshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import io.clipj.Clip;
import io.clipj.ZeroShotEncoders;
import io.clipj.ClipOptions;
import io.clipj.data.WdsDataset;
import io.clipj.image.ClipImageProcessor;
import io.clipj.testing.SharedAssets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CLIP_benchmark's zero-shot protocol on the real model ({@code golden/tiny}) over {@code wds/imagenetv2-sample}:
 * the classifier built by {@link Clip#zeroShotClassifier} (which runs {@link ZeroShotWeights#build} through
 * {@link ZeroShotEncoders#text}) equals {@code zeroshot_weights.npy} (1e-4), and a full evaluation through
 * {@link ZeroShotEncoders#image} reproduces {@code logits.npy} (1e-3), the top-5 lists and the accuracies of
 * {@code zeroshot.json}. Every mismatch is reported in one run.
 *
 * <p>One test builds the 80,000-prompt classifier once; a large batch keeps the number of graph calls small.
 */
class GoldenZeroShotTest {

    @Test
    void realModelReproducesGoldenClassifierAndEvaluation() throws IOException {
        ClipOptions options = ClipOptions.defaults().withBatchSize(500);
        try (Clip clip = Clip.load(SharedAssets.tinyModel(), options)) {
            WdsDataset ds = WdsDataset.open(SharedAssets.path("wds/imagenetv2-sample"), "test");
            io.clipj.ZeroShotClassifier api = clip.zeroShotClassifier(ds.classNames(), ds.templates());
            List<String> classifier = GoldenZeroShotCheck.weightMismatches(api.weights(), GoldenZeroShot.load());

            ClipImageProcessor processor = ClipImageProcessor.load(SharedAssets.tinyModel());
            List<String> evaluation = GoldenZeroShotCheck.evaluationMismatches(sample -> {
                try {
                    return processor.preprocess(sample.image());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, ZeroShotEncoders.image(clip));
            assertAll(
                    () -> assertThat(classifier).as("Clip.zeroShotClassifier vs zeroshot_weights.npy").isEmpty(),
                    () -> assertThat(evaluation).as("evaluation vs logits.npy / zeroshot.json").isEmpty(),
                    () -> assertThat(api.labels()).isEqualTo(ds.classNames()));
        }
    }
}

package io.clipj;

import static io.clipj.testutil.Close.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertAll;

import io.clipj.testing.SharedAssets;
import io.clipj.testutil.Golden;
import io.clipj.weights.npy.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Texts through the tokenizer, similarity of files against texts, and the zero-shot head, on the tiny model. */
class ClipTextAndZeroShotTest {

    /** Classes checked against the reference classifier (all 80 templates each); all 1000 would take minutes on two cores. */
    private static final int CLASSES = 10;

    private static Clip clip;

    @BeforeAll
    static void load() throws IOException {
        clip = Clip.builder(Golden.tinyDir()).batchSize(64).build();
    }

    @AfterAll
    static void close() throws IOException {
        clip.close();
    }

    @Test
    void textsMatchReference() throws IOException {
        assertClose("text_embeds from texts", clip.embedTexts(Golden.texts()), Golden.npy("text_embeds.npy"), 1e-4);
    }

    @Test
    void similarityOfFilesAndTextsMatchesReference() throws IOException {
        List<String> names = Golden.imageNames();
        Path file = SharedAssets.path("images/" + names.get(0));
        SimilarityResult result = clip.similarity(List.of(file), Golden.texts());
        float[][] expected = {Golden.rows(Golden.npy("logits_per_image.npy"))[0]};
        float[] probabilities = result.probabilities()[0];
        double sum = 0;
        for (float p : probabilities) {
            sum += p;
        }
        double total = sum;
        assertAll(
                () -> assertClose("logits_per_image of " + file, result.logitsPerImage(), expected, 1e-3),
                () -> assertThat(total).as("probabilities sum").isCloseTo(1.0, within(1e-5)),
                () -> assertThat(result.logitScale()).isCloseTo((float) Math.exp(3.9), within(1e-3f)));
    }

    @Test
    void templateEnsembleMatchesClipBenchmarkClassifier() throws IOException {
        Path data = SharedAssets.path("data/imagenet");
        List<String> classes = Files.readAllLines(data.resolve("classnames.txt")).subList(0, CLASSES);
        List<String> templates = Files.readAllLines(data.resolve("zeroshot_classification_templates.txt"));
        float[][] actual = clip.zeroShotClassifier(classes, templates).classEmbeddings(); // [classes, D]
        Npy.Array weights = Golden.npy("zeroshot/zeroshot_weights.npy"); // [D, 1000]
        float[][] expected = new float[CLASSES][weights.shape()[0]];
        for (int c = 0; c < CLASSES; c++) {
            for (int d = 0; d < weights.shape()[0]; d++) {
                expected[c][d] = weights.get(d, c);
            }
        }
        assertAll(
                () -> assertThat(templates).hasSize(80),
                () -> assertClose("zero-shot weights (first " + CLASSES + " classes)", actual, expected, 1e-4));
    }

    @Test
    void classifyRanksLabelsByProbability() throws IOException {
        Path file = SharedAssets.path("images/astronaut.png");
        List<String> labels = List.of("cat", "dog", "astronaut", "rocket");
        List<Prediction> ranked = clip.classify(file, labels, "a photo of a {c}.");
        float[][] image = clip.embedImageFiles(List.of(file));
        float[][] prompts = clip.embedTexts(List.of("a photo of a cat.", "a photo of a dog.",
                "a photo of a astronaut.", "a photo of a rocket."));
        float[] expected = clip.similarity(image, prompts).probabilities()[0];
        List<Executable> checks = new ArrayList<>();
        checks.add(() -> assertThat(ranked).hasSize(4));
        for (int i = 0; i < ranked.size(); i++) {
            Prediction p = ranked.get(i);
            checks.add(() -> assertThat(p.probability()).as(p.label()).isCloseTo(expected[p.index()], within(1e-5f)));
            if (i > 0) {
                Prediction before = ranked.get(i - 1);
                checks.add(() -> assertThat(before.probability()).isGreaterThanOrEqualTo(p.probability()));
            }
        }
        assertAll(checks);
    }

    @Test
    void templateWithoutPlaceholderIsRejected() {
        assertThatThrownBy(() -> clip.zeroShotClassifier(List.of("cat"), List.of("a photo")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a photo' has no {c}");
    }
}

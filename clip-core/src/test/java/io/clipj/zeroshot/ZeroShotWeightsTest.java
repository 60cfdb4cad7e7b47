package io.clipj.zeroshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertAll;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ZeroShotWeightsTest {

    private static final int D = 7;
    private static final List<String> CLASSES = List.of("cat", "dog", "bird", "red car", "Möwe", "tench", "x",
            "y", "z", "{braces}", "a/b", "ship", "emoji 🐟");
    private static final List<String> TEMPLATES = List.of("a photo of a {c}.", "{c}", "a {c} and another {c}",
            "art of the {c}, {{literally}}", "itap of a {c}.");

    /** A deterministic fake text tower: a random (unnormalised, varied length) vector seeded by the text. */
    private static float[] embed(String text) {
        Random random = new Random(text.hashCode() * 31L + text.length());
        float[] v = new float[D];
        double scale = 0.1 + 5 * random.nextDouble();
        for (int d = 0; d < D; d++) {
            v[d] = (float) (random.nextGaussian() * scale);
        }
        return v;
    }

    /** Records the batches it is given. */
    private static final class FakeEncoder implements TextEncoder {
        final List<Integer> batchSizes = new ArrayList<>();
        final List<String> seen = new ArrayList<>();

        @Override
        public float[][] embedTexts(List<String> texts) {
            batchSizes.add(texts.size());
            seen.addAll(texts);
            return texts.stream().map(ZeroShotWeightsTest::embed).toArray(float[][]::new);
        }
    }

    /** Straightforward reference: CLIP_benchmark's loop, one class at a time, in double. */
    private static double[][] reference() {
        double[][] w = new double[D][CLASSES.size()];
        for (int c = 0; c < CLASSES.size(); c++) {
            double[] mean = new double[D];
            for (String template : TEMPLATES) {
                String prompt = template.replace("{c}", CLASSES.get(c)).replace("{{", "{").replace("}}", "}");
                float[] e = embed(prompt);
                double norm = 0;
                for (float x : e) {
                    norm += x * (double) x;
                }
                for (int d = 0; d < D; d++) {
                    mean[d] += e[d] / Math.sqrt(norm) / TEMPLATES.size();
                }
            }
            double norm = 0;
            for (double x : mean) {
                norm += x * x;
            }
            for (int d = 0; d < D; d++) {
                w[d][c] = mean[d] / Math.sqrt(norm);
            }
        }
        return w;
    }

    @Test
    void classifierMatchesReferenceComputation() {
        FakeEncoder encoder = new FakeEncoder();
        ZeroShotWeights clf = ZeroShotWeights.build(encoder, CLASSES, TEMPLATES, 8);
        double[][] ref = reference();
        List<Runnable> checks = new ArrayList<>();
        checks.add(() -> assertThat(clf.dim()).isEqualTo(D));
        checks.add(() -> assertThat(clf.numClasses()).isEqualTo(CLASSES.size()));
        for (int d = 0; d < D; d++) {
            for (int c = 0; c < CLASSES.size(); c++) {
                int dd = d;
                int cc = c;
                checks.add(() -> assertThat((double) clf.weight(dd, cc)).as("W[%d, %d]", dd, cc)
                        .isCloseTo(ref[dd][cc], within(1e-6)));
            }
        }
        assertAll(checks.stream().map(r -> r::run));
    }

    @Test
    void promptsGoInLargeCrossClassBatches() {
        FakeEncoder encoder = new FakeEncoder();
        ZeroShotWeights.build(encoder, CLASSES, TEMPLATES, 8);
        int total = CLASSES.size() * TEMPLATES.size(); // 65
        List<String> expectedOrder = new ArrayList<>();
        for (String c : CLASSES) {
            for (String t : TEMPLATES) {
                expectedOrder.add(PromptTemplates.fill(t, c));
            }
        }
        assertAll(
                () -> assertThat(encoder.batchSizes).hasSize((total + 7) / 8).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(8)),
                () -> assertThat(encoder.batchSizes.subList(0, encoder.batchSizes.size() - 1)).containsOnly(8),
                () -> assertThat(encoder.seen).containsExactlyElementsOf(expectedOrder),
                () -> assertThat(expectedOrder).contains("art of the emoji 🐟, {literally}", "a x and another x"));
    }

    @Test
    void progressIsReportedAfterEachBatch() {
        List<String> updates = new ArrayList<>();
        ZeroShotWeights.build(new FakeEncoder(), CLASSES, TEMPLATES, 30, (done, total) -> updates.add(done + "/" + total));
        assertThat(updates).containsExactly("30/65", "60/65", "65/65");
    }

    @Test
    void batchSizeDoesNotChangeTheResult() {
        ZeroShotWeights one = ZeroShotWeights.build(new FakeEncoder(), CLASSES, TEMPLATES, 1);
        ZeroShotWeights all = ZeroShotWeights.build(new FakeEncoder(), CLASSES, TEMPLATES, 10_000);
        assertThat(one.weights()).containsExactly(all.weights());
    }

    @Test
    void logitsAreHundredTimesCosine() {
        ZeroShotWeights clf = ZeroShotWeights.build(new FakeEncoder(), CLASSES, TEMPLATES, 64);
        double[][] ref = reference();
        float[][] images = {embed("image one"), embed("image two"), new float[D]};
        float[][] logits = clf.logits(images);
        List<Runnable> checks = new ArrayList<>();
        for (int n = 0; n < images.length; n++) {
            double norm = 0;
            for (float x : images[n]) {
                norm += x * (double) x;
            }
            for (int c = 0; c < CLASSES.size(); c++) {
                double dot = 0;
                for (int d = 0; d < D; d++) {
                    dot += images[n][d] * ref[d][c];
                }
                double expected = norm == 0 ? 0 : 100 * dot / Math.sqrt(norm);
                int nn = n;
                int cc = c;
                checks.add(() -> assertThat((double) logits[nn][cc]).as("logit[%d, %d]", nn, cc)
                        .isCloseTo(expected, within(1e-4)));
            }
        }
        assertAll(checks.stream().map(r -> r::run));
    }

    @Test
    void badInputsAreReported() {
        TextEncoder wrongCount = texts -> new float[texts.size() - 1][D];
        TextEncoder ragged = texts -> texts.stream().map(t -> new float[t.length() % 2 == 0 ? 3 : 4])
                .toArray(float[][]::new);
        ZeroShotWeights clf = ZeroShotWeights.build(new FakeEncoder(), CLASSES, TEMPLATES, 64);
        assertAll(
                () -> assertThatThrownBy(() -> ZeroShotWeights.build(new FakeEncoder(), CLASSES, List.of("photo"), 8))
                        .hasMessageContaining("'photo' has no {c}"),
                () -> assertThatThrownBy(() -> ZeroShotWeights.build(new FakeEncoder(), CLASSES, List.of("{x} {c}"), 8))
                        .hasMessageContaining("unexpected '{'"),
                () -> assertThatThrownBy(() -> ZeroShotWeights.build(wrongCount, CLASSES, TEMPLATES, 8))
                        .hasMessageContaining("7 embeddings for 8 prompts"),
                () -> assertThatThrownBy(() -> ZeroShotWeights.build(ragged, CLASSES, TEMPLATES, 8))
                        .hasMessageContaining("width"),
                () -> assertThatThrownBy(() -> clf.logits(new float[][] {new float[D + 1]}))
                        .hasMessageContaining("expects " + D),
                () -> assertThatThrownBy(() -> ZeroShotWeights.of(new float[10], 3, 3))
                        .hasMessageContaining("[3, 3]"));
    }
}

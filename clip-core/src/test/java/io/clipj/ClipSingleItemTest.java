package io.clipj;

import static io.clipj.testutil.Close.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clipj.testing.SharedAssets;
import io.clipj.testutil.Golden;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The single-item calls, their async forms and their errors, against the batch calls on the golden tiny model. */
class ClipSingleItemTest {

    private static final List<String> NAMES = List.of("astronaut.png", "camera.png", "chelsea.png",
            "chelsea_lossy.webp", "coffee_lossless.webp", "horse.png", "rocket.jpg", "hubble_deep_field.jpg");

    private static Clip clip;
    private static List<Path> files;

    @BeforeAll
    static void load() {
        clip = Clip.load(Golden.tinyDir());
        files = NAMES.stream().map(n -> SharedAssets.path("images/" + n)).toList();
    }

    @AfterAll
    static void close() {
        clip.close();
    }

    @Test
    void pathBytesStreamAndImageGiveTheBatchCallsRow() throws Exception {
        for (Path file : files) {
            float[] batchOfOne = clip.embedImageFiles(List.of(file))[0];
            float[] fromPath = clip.embedImage(file);
            float[] fromBytes = clip.embedImage(Files.readAllBytes(file));
            float[] fromStream;
            try (InputStream in = Files.newInputStream(file)) {
                fromStream = clip.embedImage(in);
            }
            // the same pixels through the same one-image call: bit for bit
            assertThat(fromPath).as(file.toString()).isEqualTo(batchOfOne);
            assertThat(fromBytes).as(file.toString()).isEqualTo(batchOfOne);
            assertThat(fromStream).as(file.toString()).isEqualTo(batchOfOne);
            assertThat(clip.embedImageBytes(List.of(Files.readAllBytes(file)))[0]).isEqualTo(batchOfOne);
        }
        // a row of a larger batch: equal up to float rounding (the GEMM's blocking depends on the batch size)
        float[][] batch = clip.embedImageFiles(files);
        float[][] singles = files.stream().map(clip::embedImage).toArray(float[][]::new);
        assertClose("single calls vs one batch", singles, batch, 1e-5);
    }

    @Test
    void textGivesTheBatchCallsRow() {
        List<String> texts = List.of("a photo of a cat", "", "a diagram of a rocket engine, labelled");
        for (String text : texts) {
            assertThat(clip.embedText(text)).as(text).isEqualTo(clip.embedTexts(List.of(text))[0]);
        }
        assertClose("single texts vs one batch", texts.stream().map(clip::embedText).toArray(float[][]::new),
                clip.embedTexts(texts), 1e-5);
    }

    @Test
    void sixteenThreadsGetTheirOwnImagesEmbedding() throws Exception {
        float[][] expected = files.stream().map(f -> clip.embedImageFiles(List.of(f))[0]).toArray(float[][]::new);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            List<Integer> which = new ArrayList<>();
            for (int i = 0; i < 96; i++) {
                int k = (i * 7) % files.size();
                which.add(k);
                results.add(pool.submit(() -> clip.embedImage(files.get(k))));
            }
            for (int i = 0; i < results.size(); i++) {
                assertClose("request " + i, new float[][] {results.get(i).get()},
                        new float[][] {expected[which.get(i)]}, 1e-5);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void asyncFormsCompleteWithTheSameEmbeddings() throws Exception {
        List<CompletableFuture<float[]>> futures = new ArrayList<>();
        for (Path file : files) {
            futures.add(clip.embedImageAsync(file));
        }
        CompletableFuture<float[]> text = clip.embedTextAsync("a photo of a cat");
        assertClose("async images", futures.stream().map(CompletableFuture::join).toArray(float[][]::new),
                clip.embedImageFiles(files), 1e-5);
        assertClose("async text", new float[][] {text.get()}, clip.embedTexts(List.of("a photo of a cat")), 1e-5);
    }

    @Test
    void unusableInputsAreNamedWithTheirIndex() {
        Path missing = Golden.tinyDir().resolve("missing.png");
        assertThatThrownBy(() -> clip.embedImage((Path) null)).isInstanceOf(InputException.class)
                .hasMessage("image is null");
        assertThatThrownBy(() -> clip.embedImage(new byte[0])).isInstanceOf(InputException.class)
                .hasMessage("image is empty (0 bytes)");
        assertThatThrownBy(() -> clip.embedImage(missing)).isInstanceOf(InputException.class)
                .hasMessageContaining("missing.png: no such file");
        assertThatThrownBy(() -> clip.embedImage(new byte[] {1, 2, 3})).isInstanceOf(InputException.class)
                .hasMessageContaining("unrecognised image format");
        assertThatThrownBy(() -> clip.embedImageFiles(Arrays.asList(files.get(0), files.get(1), null)))
                .isInstanceOf(InputException.class).hasMessage("image 2 is null")
                .satisfies(e -> assertThat(((InputException) e).index()).isEqualTo(2));
        assertThatThrownBy(() -> clip.embedImageBytes(List.of(new byte[] {1}, new byte[0])))
                .isInstanceOf(InputException.class).hasMessageStartingWith("image 0: ");
        assertThatThrownBy(() -> clip.embedTexts(Arrays.asList("a", null))).isInstanceOf(InputException.class)
                .hasMessage("text 1 is null");
        assertThatThrownBy(() -> clip.embedText(null)).isInstanceOf(InputException.class).hasMessage("text is null");
        // the failures left nothing behind: the next call works
        assertThat(clip.embedImage(files.get(0))).hasSize(clip.embeddingDim());
    }

    @Test
    void aReusedClassifierGivesTopKAndResultsPrintTheirValues() {
        ZeroShotClassifier classifier = clip.zeroShotClassifier(List.of("cat", "dog", "rocket"), List.of("a photo of a {c}."));
        float[] image = clip.embedImage(files.get(0));
        List<Prediction> all = classifier.classify(image);
        assertThat(classifier.classify(image, 2)).containsExactlyElementsOf(all.subList(0, 2));
        assertThat(classifier.classify(image, 10)).isEqualTo(all);
        assertThatThrownBy(() -> classifier.classify(image, 0)).hasMessageContaining("at least 1");
        assertThat(all.get(0).toString()).contains("label=" + all.get(0).label());
        SimilarityResult r = clip.similarity(new float[][] {image}, new float[][] {clip.embedText("a cat")});
        assertThat(r.toString()).contains("cosine=[[" + r.cosine()[0][0] + "]]");
    }

    @Test
    void normalisedOutputIsTheUnitVectorOfTheRawOne() {
        try (Clip unit = Clip.builder(Golden.tinyDir()).normalize(true).build()) {
            float[] raw = clip.embedImage(files.get(0));
            float[] normalised = unit.embedImage(files.get(0));
            assertThat(normalised).isEqualTo(Embeddings.normalize(raw));
            assertThat(Embeddings.dot(normalised, normalised)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(unit.embedTexts(List.of("a cat"))[0]).isEqualTo(Embeddings.normalize(clip.embedText("a cat")));
        }
    }
}

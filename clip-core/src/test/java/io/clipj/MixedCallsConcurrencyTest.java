package io.clipj;

import static io.clipj.testutil.Close.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import io.clipj.testing.SharedAssets;
import io.clipj.testutil.Golden;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * One {@link Clip} shared by 8 threads that interleave every kind of call ({@code embedImages},
 * {@code embedTexts}, {@code similarity} of files and texts, zero-shot classification), each thread in a
 * different order, gives bit-identical results to the same calls made sequentially on a fresh instance.
 */
class MixedCallsConcurrencyTest {

    private static final int THREADS = 8;
    private static final int ROUNDS = 2;

    /** Everything one round computes. */
    private record Results(float[][] images, float[][] texts, float[][] logits, List<Prediction> top) {
    }

    @Test
    void eightThreadsMixingAllCallsMatchSequentialCalls() throws Exception {
        List<Path> files = List.of(SharedAssets.path("images/horse.png"), SharedAssets.path("images/rocket.jpg"),
                SharedAssets.path("images/foo3x5x4indexed.png"));
        List<BufferedImage> images = new ArrayList<>();
        for (Path f : files) {
            images.add(ImageIO.read(f.toFile()));
        }
        List<String> texts = Golden.texts();
        List<String> labels = List.of("horse", "rocket", "cat", "page");
        List<String> templates = List.of("a photo of a {c}.", "a drawing of a {c}.");
        Results expected;
        try (Clip sequential = Clip.builder(Golden.tinyDir()).batchSize(2).build()) {
            expected = round(sequential, 0, images, files, texts, labels, templates);
        }
        List<Executable> checks = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (Clip shared = Clip.builder(Golden.tinyDir()).batchSize(2).build()) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<Results>>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int order = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    List<Results> out = new ArrayList<>();
                    for (int r = 0; r < ROUNDS; r++) {
                        out.add(round(shared, order + r, images, files, texts, labels, templates));
                    }
                    return out;
                }));
            }
            start.countDown();
            for (int t = 0; t < THREADS; t++) {
                List<Results> got = futures.get(t).get(5, TimeUnit.MINUTES);
                for (int r = 0; r < got.size(); r++) {
                    Results g = got.get(r);
                    String where = "thread " + t + " round " + r;
                    checks.add(() -> assertClose(where + " embedImages", g.images(), expected.images(), 0));
                    checks.add(() -> assertClose(where + " embedTexts", g.texts(), expected.texts(), 0));
                    checks.add(() -> assertClose(where + " similarity logits", g.logits(), expected.logits(), 0));
                    checks.add(() -> assertThat(g.top()).as(where + " zero-shot").isEqualTo(expected.top()));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertAll(checks);
    }

    /** The four calls, rotated by {@code order} so that threads overlap different calls. */
    private static Results round(Clip clip, int order, List<BufferedImage> images, List<Path> files,
            List<String> texts, List<String> labels, List<String> templates) throws IOException {
        float[][] img = null;
        float[][] txt = null;
        float[][] logits = null;
        List<Prediction> top = null;
        for (int k = 0; k < 4; k++) {
            switch ((k + order) % 4) {
                case 0 -> img = clip.embedImages(images);
                case 1 -> txt = clip.embedTexts(texts);
                case 2 -> logits = clip.similarity(files, texts.subList(0, 5)).logitsPerImage();
                default -> top = clip.zeroShotClassifier(labels, templates).classify(clip.embedImageFiles(files)[0]);
            }
        }
        return new Results(img, txt, logits, top);
    }
}

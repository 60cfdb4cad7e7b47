package io.clipj;

import static io.clipj.testutil.Close.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import io.clipj.testutil.Golden;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * One {@link Clip} shared by 8 threads, each embedding images and texts several times (towers built
 * concurrently on first use), must give exactly the sequential results; and towers load only when used.
 */
class ClipConcurrencyTest {

    private static final int THREADS = 8;
    private static final int ROUNDS = 3;

    @Test
    void eightThreadsGiveTheSequentialResults() throws Exception {
        // A few inputs per call keep the test quick; batch size 2 still makes several graph calls per round.
        float[][] pixels = Arrays.copyOf(Golden.pixelValues(), 5);
        List<int[]> ids = Golden.inputIds().subList(0, 9);
        float[][] expectedImages;
        float[][] expectedTexts;
        try (Clip sequential = Clip.builder(Golden.tinyDir()).batchSize(2).build()) {
            expectedImages = sequential.embedPixels(pixels);
            expectedTexts = sequential.embedTokenIds(ids);
        }
        List<Executable> checks = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (Clip shared = Clip.builder(Golden.tinyDir()).batchSize(2).build()) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<float[][][]>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                boolean imagesFirst = t % 2 == 0;
                futures.add(pool.submit(() -> {
                    start.await();
                    float[][][] last = new float[2][][];
                    for (int r = 0; r < ROUNDS; r++) {
                        if (imagesFirst) {
                            last[0] = shared.embedPixels(pixels);
                            last[1] = shared.embedTokenIds(ids);
                        } else {
                            last[1] = shared.embedTokenIds(ids);
                            last[0] = shared.embedPixels(pixels);
                        }
                    }
                    return last;
                }));
            }
            start.countDown();
            for (int t = 0; t < THREADS; t++) {
                float[][][] result = futures.get(t).get(5, TimeUnit.MINUTES);
                String thread = "thread " + t;
                checks.add(() -> assertClose(thread + " images", result[0], expectedImages, 0));
                checks.add(() -> assertClose(thread + " texts", result[1], expectedTexts, 0));
            }
        } finally {
            pool.shutdownNow();
        }
        assertAll(checks);
    }

    @Test
    void textOnlyUseNeverLoadsTheVisionTower() throws IOException {
        try (Clip clip = Clip.load(Golden.tinyDir())) {
            clip.embedTokenIds(Golden.inputIds().subList(0, 2));
            assertAll(
                    () -> assertThat(clip.textTowerLoaded()).as("text tower loaded").isTrue(),
                    () -> assertThat(clip.imageTowerLoaded()).as("image tower loaded").isFalse());
        }
    }
}

package io.clipj.internal.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipj.testutil.Golden;
import io.clipj.weights.Checkpoint;
import io.clipj.weights.Checkpoints;
import io.clipj.weights.config.ClipConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tower calls from ever new threads leave at most one SameDiff session per chunk thread: SameDiff never drops
 * a thread's session (and its array cache), so a session per calling thread grew a server by ~100 MB per new
 * request thread at full size.
 */
class TowerSessionsTest {

    @Test
    void callsFromNewThreadsDoNotAddSessions() throws Exception {
        ClipConfig config = ClipConfig.load(Golden.tinyDir());
        try (Checkpoint checkpoint = Checkpoints.open(Golden.tinyDir())) {
            ImageTower image = ImageTower.build(config, checkpoint);
            TextTower text = TextTower.build(config, checkpoint);
            float[][] pixels = Golden.pixelValues();
            int[][] ids = Golden.inputIds().toArray(int[][]::new);
            List<Throwable> failures = new ArrayList<>();
            for (int c = 0; c < 12; c++) {
                int n = 1 + c % pixels.length;
                Thread caller = new Thread(() -> {
                    image.embed(Arrays.copyOf(pixels, n));
                    text.embed(Arrays.copyOf(ids, Math.min(n, ids.length)));
                }, "request-" + c);
                caller.setUncaughtExceptionHandler((t, e) -> failures.add(e));
                caller.start();
                caller.join();
            }
            assertThat(failures).isEmpty();
            int workers = DataParallel.shared().workers();
            assertThat(image.threadStates()).isBetween(1, workers);
            assertThat(text.threadStates()).isBetween(1, workers);
        }
    }
}

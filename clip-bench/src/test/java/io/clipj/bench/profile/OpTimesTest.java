package io.clipj.bench.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@link OpTimes} counts every op once per run, keys matrix multiplies by shape, and sums across threads. */
class OpTimesTest {

    /** {@code y = x·wᵀ + b}: one matmul [rows, 3]·[4, 3]ᵀ and one add per run. */
    private static SameDiff linear(OpTimes times) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 3);
        SDVariable w = sd.constant("w", Nd4j.rand(DataType.FLOAT, 4, 3));
        SDVariable b = sd.constant("b", Nd4j.rand(DataType.FLOAT, 4));
        sd.mmul(x, w, false, true, false).add(b).rename("y");
        sd.setListeners(times);
        return sd;
    }

    private static INDArray run(SameDiff sd, int rows) {
        return sd.output(Map.of("x", Nd4j.rand(DataType.FLOAT, rows, 3)), "y").get("y");
    }

    @Test
    void countsEachOpKindPerRunWithMatmulShapes() {
        OpTimes times = new OpTimes();
        SameDiff sd = linear(times);
        for (int i = 0; i < 3; i++) {
            run(sd, 2);
        }
        run(sd, 5);
        assertThat(times.rows()).extracting(OpTimes.Row::kind, OpTimes.Row::calls).containsExactlyInAnyOrder(
                tuple("matmul [2, 3]·[4, 3]ᵀ", 3L),
                tuple("matmul [5, 3]·[4, 3]ᵀ", 1L),
                tuple("add", 4L));
        assertThat(times.rows()).allSatisfy(row -> assertThat(row.nanos()).isPositive());

        StringWriter text = new StringWriter();
        times.print(new PrintWriter(text), 4, 1_000_000_000L);
        assertThat(text.toString())
                .contains("matmul [2, 3]·[4, 3]ᵀ")
                .containsPattern("(?m)^add +1\\.0 ")
                .containsPattern("wall 250\\.00 ms/call x 1 thread = 250\\.00; outside ops [0-9.]+ ms/call");

        times.reset();
        assertThat(times.rows()).isEmpty();
    }

    @Test
    void sumsOpsRunOnSeveralThreadsAtOnce() throws Exception {
        OpTimes times = new OpTimes();
        SameDiff sd = linear(times);
        run(sd, 2); // first run builds the session's caches
        times.reset();
        int threads = 4;
        int runsEach = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < runsEach; i++) {
                        run(sd, 2);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(times.rows()).extracting(OpTimes.Row::kind, OpTimes.Row::calls).containsExactlyInAnyOrder(
                tuple("matmul [2, 3]·[4, 3]ᵀ", (long) threads * runsEach),
                tuple("add", (long) threads * runsEach));
        StringWriter text = new StringWriter();
        times.print(new PrintWriter(text), threads * runsEach, 1_000_000L);
        assertThat(text.toString()).contains("x 4 threads");
    }
}

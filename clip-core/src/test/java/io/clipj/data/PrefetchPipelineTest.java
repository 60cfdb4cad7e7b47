package io.clipj.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertAll;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PrefetchPipelineTest {

    private static Iterator<Sample> samples(int n) {
        return IntStream.range(0, n).mapToObj(i -> new Sample("k" + i, new byte[] {(byte) i}, "png", i % 3, "t/0.tar"))
                .iterator();
    }

    @Test
    void batchesArriveInOrderOnTheCallingThread() {
        List<String> keys = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        List<Float> inputs = new ArrayList<>();
        AtomicReference<Thread> preprocessThread = new AtomicReference<>();
        Thread caller = Thread.currentThread();
        int skipped = new PrefetchPipeline(4, 2, false).run(samples(10), s -> {
            preprocessThread.set(Thread.currentThread());
            return new float[] {s.image()[0] * 2f};
        }, batch -> {
            assertThat(Thread.currentThread()).isSameAs(caller);
            sizes.add(batch.size());
            keys.addAll(batch.keys());
            batch.inputs().forEach(x -> inputs.add(x[0]));
            for (int i = 0; i < batch.size(); i++) {
                assertThat(batch.labels()[i]).isEqualTo(Integer.parseInt(batch.keys().get(i).substring(1)) % 3);
            }
        });
        assertAll(
                () -> assertThat(sizes).containsExactly(4, 4, 2),
                () -> assertThat(keys).containsExactly("k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9"),
                () -> assertThat(inputs).containsExactly(0f, 2f, 4f, 6f, 8f, 10f, 12f, 14f, 16f, 18f),
                () -> assertThat(skipped).isZero(),
                () -> assertThat(preprocessThread.get()).isNotSameAs(caller),
                () -> assertThat(preprocessThread.get().isAlive()).isFalse());
    }

    @Test
    void preprocessingFailureNamesTheSample() {
        AtomicReference<Thread> worker = new AtomicReference<>();
        assertThatThrownBy(() -> new PrefetchPipeline(3, 1, false).run(samples(10), s -> {
            worker.set(Thread.currentThread());
            if (s.key().equals("k5")) {
                throw new IllegalArgumentException("not a PNG");
            }
            return new float[1];
        }, batch -> { })).isInstanceOf(PipelineException.class)
                .hasMessageContaining("sample 'k5' (shard t/0.tar)").hasMessageContaining("not a PNG");
        assertThat(worker.get().isAlive()).isFalse();
    }

    @Test
    void skipFailedCountsAndContinues() {
        List<String> keys = new ArrayList<>();
        int skipped = new PrefetchPipeline(3, 1, true).run(samples(7), s -> {
            if (s.key().equals("k2") || s.key().equals("k6")) {
                throw new IllegalArgumentException("bad");
            }
            return new float[1];
        }, batch -> keys.addAll(batch.keys()));
        assertAll(
                () -> assertThat(skipped).isEqualTo(2),
                () -> assertThat(keys).containsExactly("k0", "k1", "k3", "k4", "k5"));
    }

    @Test
    void datasetErrorsPropagateUnchanged() {
        Iterator<Sample> failing = new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Sample next() {
                if (i++ == 4) {
                    throw new DatasetException("t/1.tar", "k4", "bad class label 'x'");
                }
                return new Sample("k" + i, new byte[1], "png", 0, "t/1.tar");
            }
        };
        assertThatThrownBy(() -> new PrefetchPipeline(2, 1, true).run(failing, s -> new float[1], b -> { }))
                .isInstanceOf(DatasetException.class).hasMessage("shard t/1.tar, sample 'k4': bad class label 'x'");
    }

    @Test
    void consumerFailureStopsTheWorker() {
        AtomicReference<Thread> worker = new AtomicReference<>();
        Iterator<Sample> endless = new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Sample next() {
                return new Sample("k" + i++, new byte[1], "png", 0, "t/0.tar");
            }
        };
        assertThatThrownBy(() -> new PrefetchPipeline(2, 2, false).run(endless, s -> {
            worker.set(Thread.currentThread());
            return new float[1];
        }, batch -> {
            throw new IllegalStateException("model failed");
        })).isInstanceOf(IllegalStateException.class).hasMessage("model failed");
        assertThat(worker.get().isAlive()).isFalse();
    }

    @Test
    void interruptedCallerStopsCleanlyAndKeepsTheFlag() {
        AtomicReference<Thread> worker = new AtomicReference<>();
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> new PrefetchPipeline(2, 1, false).run(samples(100), s -> {
                worker.set(Thread.currentThread());
                return new float[1];
            }, batch -> { })).isInstanceOf(PipelineException.class).hasMessageContaining("interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        if (worker.get() != null) {
            assertThat(worker.get().isAlive()).isFalse();
        }
    }
}

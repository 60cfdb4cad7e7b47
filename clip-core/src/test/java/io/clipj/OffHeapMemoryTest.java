package io.clipj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import io.clipj.testutil.Golden;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Off-heap memory stays flat over many calls on one {@link Clip}. After a warm-up it alternates
 * {@code embedPixels} and {@code embedTexts} and samples, after a collection: the bytes JavaCPP tracks
 * ({@link Pointer#totalBytes()}), the resident set ({@link Pointer#physicalBytes()}) and the committed Java
 * heap; RSS minus committed heap is the native footprint (ND4J buffers, OpenBLAS, code, threads). The build
 * runs 200 calls; the long run is
 * {@code OMP_NUM_THREADS=1 ./mvnw -pl clip-core -am test -Dtest=OffHeapMemoryTest -Dclipj.offheap.calls=10000
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 *
 * <p>A leak shows as native growth that scales with the number of calls, so the check compares the second half
 * of the run with the first: a leak of even 4 KB per call would add megabytes between the halves.
 */
class OffHeapMemoryTest {

    private static final Logger LOG = LoggerFactory.getLogger(OffHeapMemoryTest.class);
    private static final long MIB = 1 << 20;

    /** One sample, in bytes. */
    private record Sample(long tracked, long rss, long heap) {
        long nativeBytes() {
            return rss - heap;
        }

        @Override
        public String toString() {
            return "JavaCPP tracked " + tracked / MIB + " MiB, RSS " + rss / MIB + " MiB, committed heap " + heap / MIB
                    + " MiB, native (RSS - heap) " + nativeBytes() / MIB + " MiB";
        }
    }

    @Test
    void offHeapMemoryStaysFlat() throws IOException {
        int calls = Integer.getInteger("clipj.offheap.calls", 200);
        float[][] pixels = Arrays.copyOf(Golden.pixelValues(), 1);
        List<String> texts = Golden.texts().subList(0, 2);
        try (Clip clip = Clip.builder(Golden.tinyDir()).batchSize(2).build()) {
            for (int i = 0; i < 50; i++) {
                call(clip, i, pixels, texts); // warm-up: towers, workspaces, JIT
            }
            Sample start = sample("after warm-up");
            Sample half = null;
            long peakTracked = 0;
            for (int i = 0; i < calls; i++) {
                call(clip, i, pixels, texts);
                peakTracked = Math.max(peakTracked, Pointer.totalBytes());
                if (i == calls / 2 - 1) {
                    half = sample("after " + (i + 1) + " calls");
                } else if ((i + 1) % Math.max(1, calls / 10) == 0) {
                    sample("after " + (i + 1) + " calls");
                }
            }
            Sample end = sample("after " + calls + " calls");
            Sample mid = half;
            long peak = peakTracked;
            assertAll(
                    () -> assertThat(end.tracked() - mid.tracked()).as("JavaCPP-tracked growth over the second half")
                            .isLessThan(16 * MIB),
                    () -> assertThat(peak - start.tracked()).as("JavaCPP-tracked peak above the warm state")
                            .isLessThan(256 * MIB),
                    () -> assertThat(end.nativeBytes() - mid.nativeBytes()).as("native growth over the second half")
                            .isLessThan(64 * MIB));
        }
    }

    private static void call(Clip clip, int i, float[][] pixels, List<String> texts) throws IOException {
        if (i % 2 == 0) {
            clip.embedPixels(pixels);
        } else {
            clip.embedTexts(texts);
        }
    }

    /** A sample after a collection, so that unreachable buffers have had their chance to go. */
    private static Sample sample(String when) {
        System.gc();
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Sample s = new Sample(Pointer.totalBytes(), Pointer.physicalBytes(), Runtime.getRuntime().totalMemory());
        LOG.info("{}: {}", when, s);
        return s;
    }
}

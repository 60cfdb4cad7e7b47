package io.clipj.index.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CandidatesTest {

    @Test
    void keepsTheBestOfManyOffersWithTheirIds() {
        SplittableRandom random = new SplittableRandom(4);
        for (int capacity : new int[] {1, 2, 7, 100}) {
            for (int offers : new int[] {0, 1, capacity, 2 * capacity, 2 * capacity + 1, 5000}) {
                Candidates top = new Candidates(capacity);
                float[] all = new float[offers];
                for (int i = 0; i < offers; i++) {
                    // few distinct values, so that ties at the floor are common
                    all[i] = random.nextInt(capacity + 3) / 4f;
                    top.offer(all[i], 1000L + i);
                }
                int kept = Math.min(capacity, offers);
                assertThat(top.size()).isEqualTo(kept);
                float[] got = new float[kept];
                for (int i = 0; i < kept; i++) {
                    got[i] = top.score(i);
                    assertThat(all[(int) (top.id(i) - 1000)]).isEqualTo(got[i]);
                }
                Arrays.sort(got);
                Arrays.sort(all);
                assertThat(got).containsExactly(Arrays.copyOfRange(all, offers - kept, offers));
            }
        }
    }

    @Test
    void theFloorRisesToTheWorstKeptOnceTheBufferFills() {
        Candidates top = new Candidates(3);
        for (int i = 0; i < 5; i++) {
            top.offer(i, i);
        }
        assertThat(top.floor()).isEqualTo(Float.NEGATIVE_INFINITY);
        top.offer(5, 5);
        assertThat(top.floor()).isEqualTo(3f);
        top.offer(2, 2);
        assertThat(top.size()).isEqualTo(3);
    }
}

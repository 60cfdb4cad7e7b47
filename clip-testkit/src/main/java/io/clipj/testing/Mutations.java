package io.clipj.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic mutants of a real input for the regression runs of fuzz targets: truncations, single-byte
 * overwrites with boundary values, and random bit flips from a fixed seed. Fuzzing explores far more; these
 * keep the shared assets' structure in every build cheaply.
 */
public final class Mutations {

    private Mutations() {
    }

    /** About {@code count} mutants of {@code seed} (plus truncations), reproducible from {@code randomSeed}. */
    public static List<byte[]> of(byte[] seed, int count, long randomSeed) {
        List<byte[]> out = new ArrayList<>();
        for (int cut : new int[] {0, 1, 7, 8, 9, 16, 64, seed.length / 3, seed.length / 2, seed.length - 1}) {
            if (cut >= 0 && cut < seed.length) {
                out.add(Arrays.copyOf(seed, cut));
            }
        }
        SplittableRandom r = new SplittableRandom(randomSeed);
        byte[] boundary = {0, (byte) 0xff, (byte) 0x7f, (byte) 0x80, 1};
        // bias toward the first bytes: headers, lengths and magic numbers live there
        int head = Math.min(seed.length, 4096);
        for (int i = 0; i < count && seed.length > 0; i++) {
            byte[] m = seed.clone();
            int flips = 1 + r.nextInt(4);
            for (int f = 0; f < flips; f++) {
                int at = r.nextInt(4) == 0 ? r.nextInt(seed.length) : r.nextInt(head);
                if (r.nextBoolean()) {
                    m[at] ^= (byte) (1 << r.nextInt(8));
                } else {
                    m[at] = boundary[r.nextInt(boundary.length)];
                }
            }
            out.add(m);
        }
        return out;
    }
}

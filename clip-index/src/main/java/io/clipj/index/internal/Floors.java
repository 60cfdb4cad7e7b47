package io.clipj.index.internal;

import java.util.Arrays;

/**
 * What a vector of one range must reach to be estimated more closely: the rough estimate's {@code keep}
 * quantile and the 1-bit estimate's {@code share} quantile, read off a sample of 1,024 vectors of the
 * range taken in a few contiguous blocks (cheaper than scattered reads).
 *
 * <p>Immutable; thread-safe.
 */
record Floors(float rough, float coarse) {

    static Floors of(SignCodes s, SignQuery q, double keep, double share, int from, int to) {
        if (keep >= 1.0 && share >= 1.0) {
            return new Floors(Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY);
        }
        int blocks = 8, block = 128, n = to - from;
        float[] rough = new float[Math.min(n, blocks * block)], coarse = new float[rough.length];
        for (int i = 0; i < rough.length; i++) {
            int j = rough.length == n ? from + i
                    : from + (int) ((long) (i / block) * (n - block) / (blocks - 1)) + i % block;
            int o = j * s.words;
            rough[i] = s.centreDot(j) + s.factor(j) * q.roughDotSigns(q.disagreements(s.codes, o));
            coarse[i] = q.constant + s.centreDot(j) + s.factor(j) * q.dotSigns(s.codes, o);
        }
        return new Floors(quantile(rough, 1 - keep), quantile(coarse, 1 - share));
    }

    private static float quantile(float[] sample, double p) {
        if (p <= 0) {
            return Float.NEGATIVE_INFINITY;
        }
        Arrays.sort(sample);
        return sample[(int) Math.min(sample.length - 1, Math.floor(p * sample.length))];
    }
}

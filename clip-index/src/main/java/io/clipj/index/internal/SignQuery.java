package io.clipj.index.internal;

/**
 * A query prepared for the {@link SignCodes} of one segment: the query centred on the segment's centre,
 * {@code x = q - c}, its signs (for the Hamming pre-filter) and its components quantised to 4 bits in bit
 * planes, so that {@code <x, sign(v - c)>} costs one AND and one popcount per plane and 64 dimensions
 * (RaBitQ's query quantisation).
 *
 * <pre>
 *   x_d ≈ lo + delta · u_d,  u_d in 0..15,  u_d = Σ_p 2^p · plane_p[d]
 *   Σ_{code bit d set} x_d ≈ lo · popcount(code) + delta · Σ_p 2^p · popcount(code AND plane_p)
 *   <x, sign(v - c)> = 2 · Σ_{code bit d set} x_d − Σ_d x_d
 * </pre>
 *
 * <p>Immutable once built; thread-safe.
 */
final class SignQuery {

    /** {@code <q, c> - |c|²}: the part of every estimate of this segment that does not depend on the vector. */
    final float constant;
    /** {@code [words]}: bit d set where {@code x_d > 0}. */
    final long[] signs;
    final long[] plane0;
    final long[] plane1;
    final long[] plane2;
    final long[] plane3;
    final float lo;
    final float delta;
    final float sum;
    /** Mean of {@code |x_d|}: the rough estimate takes {@code x ≈ meanAbs · sign(x)}. */
    final float meanAbs;
    /** {@code D / 2}, for the rough estimate. */
    final float halfDims;

    SignQuery(float[] q, float[] centre) {
        int words = (q.length + 63) / 64;
        float[] query = new float[q.length];
        double qc = 0, cc = 0;
        for (int d = 0; d < q.length; d++) {
            query[d] = q[d] - centre[d];
            qc += q[d] * centre[d];
            cc += centre[d] * centre[d];
        }
        constant = (float) (qc - cc);
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY, s = 0, abs = 0;
        for (float x : query) {
            min = Math.min(min, x);
            max = Math.max(max, x);
            s += x;
            abs += Math.abs(x);
        }
        meanAbs = abs / q.length;
        halfDims = q.length / 2f;
        lo = min;
        delta = max > min ? (max - min) / 15 : 1f;
        sum = s;
        signs = new long[words];
        long[][] planes = new long[4][words];
        for (int d = 0; d < query.length; d++) {
            if (query[d] > 0) {
                signs[d >>> 6] |= 1L << d;
            }
            int u = Math.round((query[d] - lo) / delta);
            for (int p = 0; p < 4; p++) {
                if ((u >>> p & 1) != 0) {
                    planes[p][d >>> 6] |= 1L << d;
                }
            }
        }
        plane0 = planes[0];
        plane1 = planes[1];
        plane2 = planes[2];
        plane3 = planes[3];
    }

    /** Bits where the code and the query's signs differ: the pre-filter's (inverse) score. */
    int disagreements(long[] codes, int offset) {
        int n = 0;
        for (int w = 0; w < signs.length; w++) {
            n += Long.bitCount(codes[offset + w] ^ signs[w]);
        }
        return n;
    }

    /**
     * {@code <x, sign(v - c)>} taking {@code x ≈ meanAbs · sign(x)}: {@code meanAbs · (D - 2 · disagreements)}.
     */
    float roughDotSigns(int disagreements) {
        return 2 * meanAbs * (halfDims - disagreements);
    }

    /** {@link #dotSigns} for 512-d codes (8 words), unrolled. */
    float dotSigns8(long[] codes, int offset) {
        long x0 = codes[offset], x1 = codes[offset + 1], x2 = codes[offset + 2], x3 = codes[offset + 3];
        long x4 = codes[offset + 4], x5 = codes[offset + 5], x6 = codes[offset + 6], x7 = codes[offset + 7];
        int pop = Long.bitCount(x0) + Long.bitCount(x1) + Long.bitCount(x2) + Long.bitCount(x3)
                + Long.bitCount(x4) + Long.bitCount(x5) + Long.bitCount(x6) + Long.bitCount(x7);
        int weighted = planeCount(plane0, x0, x1, x2, x3, x4, x5, x6, x7)
                + 2 * planeCount(plane1, x0, x1, x2, x3, x4, x5, x6, x7)
                + 4 * planeCount(plane2, x0, x1, x2, x3, x4, x5, x6, x7)
                + 8 * planeCount(plane3, x0, x1, x2, x3, x4, x5, x6, x7);
        return 2 * (lo * pop + delta * weighted) - sum;
    }

    private static int planeCount(long[] p, long x0, long x1, long x2, long x3, long x4, long x5, long x6,
                                  long x7) {
        return Long.bitCount(x0 & p[0]) + Long.bitCount(x1 & p[1]) + Long.bitCount(x2 & p[2])
                + Long.bitCount(x3 & p[3]) + Long.bitCount(x4 & p[4]) + Long.bitCount(x5 & p[5])
                + Long.bitCount(x6 & p[6]) + Long.bitCount(x7 & p[7]);
    }

    /** {@code <x, ō>} for the 2-bit code {@code ō_d = sign_d · (1 + 2 · magnitude_d)} of {@link SignCodes}. */
    float fineDot(long[] codes, int codeOffset, long[] magnitudes, int magnitudeOffset) {
        // <x, sign> = 2·S(sign) − Σx;  Σ_{magnitude} x_d · sign_d = 2·S(sign ∧ magnitude) − S(magnitude)
        float signs = 0, both = 0, large = 0;
        for (int w = 0; w < this.signs.length; w++) {
            long b = codes[codeOffset + w], m = magnitudes[magnitudeOffset + w];
            signs += partialSum(b, w);
            both += partialSum(b & m, w);
            large += partialSum(m, w);
        }
        return (2 * signs - sum) + 2 * (2 * both - large);
    }

    /** {@code Σ x_d} over the bits of {@code mask} in word {@code w}, from the 4-bit planes. */
    private float partialSum(long mask, int w) {
        return lo * Long.bitCount(mask) + delta * (Long.bitCount(mask & plane0[w]) + 2 * Long.bitCount(mask & plane1[w])
                + 4 * Long.bitCount(mask & plane2[w]) + 8 * Long.bitCount(mask & plane3[w]));
    }

    /** {@code <x, sign(v - c)>} from the 4-bit planes, for the code at {@code offset}. */
    float dotSigns(long[] codes, int offset) {
        int pop = 0, s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int w = 0; w < signs.length; w++) {
            long x = codes[offset + w];
            pop += Long.bitCount(x);
            s0 += Long.bitCount(x & plane0[w]);
            s1 += Long.bitCount(x & plane1[w]);
            s2 += Long.bitCount(x & plane2[w]);
            s3 += Long.bitCount(x & plane3[w]);
        }
        return 2 * (lo * pop + delta * (s0 + 2 * s1 + 4 * s2 + 8 * s3)) - sum;
    }
}

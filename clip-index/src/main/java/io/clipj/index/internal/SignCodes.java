package io.clipj.index.internal;

import java.io.IOException;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.search.DocIdSetIterator;

/**
 * One bit per dimension for every vector of one segment: the sign of {@code v - c}, where {@code c} is the
 * segment's mean vector, with the factor that turns {@code <x, sign(v - c)>} into an estimate of
 * {@code <x, v - c>} (RaBitQ's 1-bit estimator, without its rotation), applied to the centred query
 * {@code x = q - c}:
 *
 * <pre>
 *   <q, v>  =  <q - c, v - c>  +  <c, v>  +  <q, c> - |c|²
 *          ≈  factor(v) · <q - c, sign(v - c)>  +  <c, v>  +  (the same for every vector of the segment)
 *   factor(v) = |v - c|² / Σ|v_i - c_i|
 * </pre>
 *
 * A second bit per dimension, {@code |v_d - c_d| > rms(v - c)}, makes a 2-bit code for a finer estimate of
 * the candidates the first picked: {@code ō_d = sign_d · (1 + 2 · magnitude_d)}, and
 * {@code <x, v - c> ≈ fineFactor(v) · <x, ō>} with {@code fineFactor(v) = |v - c|² / <v - c, ō>}.
 *
 * <p>Centring both sides matters for real embeddings, which share a large common component: the estimate's error
 * grows with {@code |q - c|}, not with {@code |q|}. For isotropic data {@code c} is near zero. 64 bytes per 512-d vector: a scan of 1,000,000 codes reads 64 MB where the float vectors are
 * 2 GB. The estimate only picks candidates; {@link CodeScan} rescores them with the stored float vectors.
 *
 * <p>Immutable once built; thread-safe.
 */
public final class SignCodes {

    /** Vectors (ordinals {@code 0..size-1}, in document order). */
    final int size;
    /** 64-bit words per code: {@code ceil(D / 64)}; bits past {@code D} are zero. */
    final int words;
    /** {@code [size * words]}: bit {@code d % 64} of word {@code j * words + d / 64} is {@code v_d > c_d}. */
    final long[] codes;
    /** {@code [size * words]}: bit d set where {@code |v_d - c_d|} exceeds the root mean square of {@code v - c}. */
    final long[] magnitudes;
    /** {@code [size]}: {@code fineFactor(v)} above. */
    final float[] fineFactors;
    /**
     * {@code [size]}: {@code factor(v)} (high 16 bits) and {@code <c, v>} (low 16 bits), each as a 16-bit step
     * between the segment's least and greatest value (a relative error below 1e-5, where the estimates' own is
     * ~1e-2): every vector's scan reads 68 bytes at 512-d instead of 72.
     */
    final int[] terms;
    final float factorLo;
    final float factorStep;
    final float centreDotLo;
    final float centreDotStep;
    /** {@code [D]}: the segment's mean vector. */
    final float[] centre;
    /** Segment document of each ordinal, or {@code null} when ordinal = document (every document has one). */
    final int[] docs;

    private SignCodes(int size, int words, long[] codes, long[] magnitudes, float[] factors, float[] fineFactors,
                      float[] centreDots, float[] centre, int[] docs) {
        float[] f = range(factors), cd = range(centreDots);
        this.factorLo = f[0];
        this.factorStep = f[1];
        this.centreDotLo = cd[0];
        this.centreDotStep = cd[1];
        this.terms = new int[size];
        for (int j = 0; j < size; j++) {
            terms[j] = step(factors[j], f) << 16 | step(centreDots[j], cd);
        }
        this.size = size;
        this.words = words;
        this.codes = codes;
        this.magnitudes = magnitudes;
        this.fineFactors = fineFactors;
        this.centre = centre;
        this.docs = docs;
    }

    /** The codes of {@code field} in one segment, or {@code null} if the segment has no vectors in it. */
    public static SignCodes build(LeafReader segment, String field) throws IOException {
        FloatVectorValues values = segment.getFloatVectorValues(field);
        if (values == null || values.size() == 0) {
            return null;
        }
        int size = values.size(), dim = values.dimension(), words = (dim + 63) / 64;
        double[] sum = new double[dim];
        int[] docs = new int[size];
        int j = 0;
        for (int doc = values.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = values.nextDoc()) {
            float[] v = values.vectorValue();
            for (int d = 0; d < dim; d++) {
                sum[d] += v[d];
            }
            docs[j++] = doc;
        }
        float[] centre = new float[dim];
        for (int d = 0; d < dim; d++) {
            centre[d] = (float) (sum[d] / size);
        }
        long[] codes = new long[Math.multiplyExact(size, words)], magnitudes = new long[size * words];
        float[] factors = new float[size], fineFactors = new float[size];
        float[] x = new float[dim];
        float[] centreDots = new float[size];
        values = segment.getFloatVectorValues(field);
        j = 0;
        for (int doc = values.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = values.nextDoc(), j++) {
            float[] v = values.vectorValue();
            double squares = 0, absolutes = 0, dot = 0;
            for (int d = 0; d < dim; d++) {
                x[d] = v[d] - centre[d];
                dot += centre[d] * v[d];
                squares += x[d] * x[d];
                absolutes += Math.abs(x[d]);
            }
            double rms = Math.sqrt(squares / dim), fine = 0;
            for (int d = 0; d < dim; d++) {
                int word = j * words + (d >>> 6);
                if (x[d] > 0) {
                    codes[word] |= 1L << d;
                }
                boolean large = Math.abs(x[d]) > rms;
                if (large) {
                    magnitudes[word] |= 1L << d;
                }
                fine += Math.abs(x[d]) * (large ? 3 : 1);
            }
            factors[j] = absolutes > 0 ? (float) (squares / absolutes) : 0f;
            fineFactors[j] = fine > 0 ? (float) (squares / fine) : 0f;
            centreDots[j] = (float) dot;
        }
        boolean dense = docs[size - 1] == size - 1;
        return new SignCodes(size, words, codes, magnitudes, factors, fineFactors, centreDots, centre, dense ? null : docs);
    }

    /** {@code [lo, step]} of 65,535 steps covering {@code values}. */
    private static float[] range(float[] values) {
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return new float[] {lo, hi > lo ? (hi - lo) / 65535 : 1f};
    }

    private static int step(float value, float[] range) {
        return Math.min(65535, Math.round((value - range[0]) / range[1]));
    }

    /** {@code factor(v)} of ordinal {@code ord}. */
    float factor(int ord) {
        return factorLo + factorStep * (terms[ord] >>> 16);
    }

    /** {@code <c, v>} of ordinal {@code ord}. */
    float centreDot(int ord) {
        return centreDotLo + centreDotStep * (terms[ord] & 0xFFFF);
    }

    /** The segment document of ordinal {@code ord}. */
    int doc(int ord) {
        return docs == null ? ord : docs[ord];
    }
}

package io.clipj.index.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.VectorUtil;

/**
 * Approximate nearest neighbours by a scan of {@link SignCodes} with exact rescoring, in four steps that each
 * look at fewer vectors more closely:
 * <ol>
 *   <li>every vector: a rough estimate from the Hamming distance of its sign code to the query's signs; a
 *       share {@link #keep} of each segment passes;</li>
 *   <li>those: the 1-bit estimate with the 4-bit query of {@link SignQuery}; about the {@link #coarseCount}
 *       best pass (a quantile read off a sample of each range);</li>
 *   <li>those, while their codes are still in cache: the 2-bit estimate (sign and magnitude bits); the
 *       {@link #fineCount} best over all segments pass;</li>
 *   <li>those: the dot product of the stored float vectors; the {@code k} best are returned.</li>
 * </ol>
 * Scores are exact cosines, as {@link VectorSearch#exact}'s; only which documents are found is approximate.
 *
 * <p>Random unit vectors are the hardest case (no structure, neighbours barely closer than the rest): that is
 * what the counts are sized for (docs/search.md). The scan of a segment is split into ranges run on
 * the executor; the codes come from a {@link CodeCache}.
 *
 * <p>Thread-safe: any number of searches may run at once.
 */
public final class CodeScan {

    /** Vectors per block of the scan: their codes (16 KB at 512-d) stay in cache between its two passes. */
    private static final int BLOCK = 256;

    private final ExecutorService executor;
    private final int threads;
    private final CodeCache codes = new CodeCache();

    /**
     * @param executor runs the ranges of a scan and the rescoring (the caller waits for them)
     * @param threads  how many of the executor's threads a scan may keep busy
     */
    public CodeScan(ExecutorService executor, int threads) {
        this.executor = executor;
        this.threads = Math.max(1, threads);
    }

    /** The codes this scan reads, built per segment on first use or ahead of it. */
    public CodeCache codes() {
        return codes;
    }

    /**
     * Vectors the 1-bit estimate passes on to the 2-bit one for the top {@code k} of {@code n}, {@code 8 k n^0.4}:
     * 20,000 of 1,000,000 and 8,000 of 100,000 random 512-d unit vectors hold the top 10 with recall 0.97-0.98
     * (docs/search.md); the share needed falls as {@code n} grows.
     */
    static int coarseCount(int k, int n) {
        return (int) Math.min(n, Math.max(8L * k, (long) Math.ceil(8 * k * Math.pow(n, 0.4))));
    }

    /** Of those, candidates the 2-bit estimate passes on to exact rescoring: {@code 1.6 k n^0.3}. */
    static int fineCount(int k, int n) {
        return (int) Math.min(n, Math.max(4L * k, (long) Math.ceil(1.6 * k * Math.pow(n, 0.3))));
    }

    /** Share of a segment's codes that pass the rough estimate when {@code c} of {@code n} go on. */
    static double keep(int c, int n) {
        return Math.min(1.0, Math.max(0.08, 2.0 * c / n));
    }

    /** The {@code k} documents of {@code reader} (global ids) whose vectors are nearest {@code query}. */
    public List<Hit> search(IndexReader reader, String field, float[] query, int k) throws IOException {
        List<LeafReaderContext> leaves = reader.leaves();
        SignCodes[] segments = new SignCodes[leaves.size()];
        long total = 0;
        for (int i = 0; i < segments.length; i++) {
            segments[i] = codes.of(leaves.get(i).reader(), field);
            total += segments[i] == null ? 0 : segments[i].size;
        }
        int n = (int) Math.min(Integer.MAX_VALUE, total);
        SignQuery[] queries = queries(segments, query);
        long[] ids = candidates(leaves, segments, queries, coarseCount(k, n), fineCount(k, n));
        return rescore(leaves, segments, field, query, ids, k);
    }

    /** The query prepared for each segment's codes ({@code null} where a segment has none). */
    static SignQuery[] queries(SignCodes[] segments, float[] query) {
        SignQuery[] queries = new SignQuery[segments.length];
        for (int i = 0; i < segments.length; i++) {
            queries[i] = segments[i] == null ? null : new SignQuery(query, segments[i].centre);
        }
        return queries;
    }

    /**
     * The ids ({@code segment << 32 | ordinal}, in no order) of the {@code fine} vectors with the best 2-bit
     * estimates, of those whose 1-bit estimate is among about the {@code coarse} best; the scan of each
     * segment is split into ranges run on the executor.
     */
    long[] candidates(List<LeafReaderContext> leaves, SignCodes[] segments, SignQuery[] queries, int coarse,
                      int fine) throws IOException {
        long total = 0;
        for (SignCodes s : segments) {
            total += s == null ? 0 : s.size;
        }
        if (total == 0) {
            return new long[0];
        }
        int n = (int) Math.min(Integer.MAX_VALUE, total);
        double keep = keep(coarse, n), share = Math.min(1.0, 1.5 * coarse / n);
        // Ranges of about total / (2 * threads) vectors: uneven segments, and a thread that starts late, still
        // share the work.
        int range = (int) Math.max(4096, (total + 2L * threads - 1) / (2L * threads));
        List<Callable<Candidates>> scans = new ArrayList<>();
        for (int i = 0; i < segments.length; i++) {
            SignCodes s = segments[i];
            if (s == null) {
                continue;
            }
            int leaf = i;
            SignQuery q = queries[i];
            Bits live = leaves.get(i).reader().getLiveDocs();
            for (int from = 0; from < s.size; from += range) {
                int start = from, end = Math.min(s.size, from + range);
                scans.add(() -> scan(s, q, leaf, Floors.of(s, q, keep, share, start, end), live, start, end, fine));
            }
        }
        Candidates best = new Candidates(fine);
        for (Candidates part : runAll(scans)) {
            for (int j = 0; j < part.size(); j++) {
                best.offer(part.score(j), part.id(j));
            }
        }
        long[] ids = new long[best.size()];
        for (int j = 0; j < ids.length; j++) {
            ids[j] = best.id(j);
        }
        return ids;
    }

    /**
     * The {@code c} best 2-bit estimates among ordinals {@code [from, to)} of one segment, ids
     * {@code leaf << 32 | ord}. Three estimates of {@code <q, v>}, each for fewer vectors: the rough one from
     * the Hamming distance of the sign code to the query's signs for every vector; for those reaching
     * {@code floors.rough()} the 1-bit one with the 4-bit query; for those reaching {@code floors.coarse()} the
     * 2-bit one, while the vector's codes are still in cache.
     */
    static Candidates scan(SignCodes s, SignQuery q, int leaf, Floors floors, Bits live, int from, int to, int c) {
        Candidates top = new Candidates(c);
        float floor = top.floor(), roughFloor = floors.rough(), coarseFloor = floors.coarse();
        long[] codes = s.codes, magnitudes = s.magnitudes;
        float[] fineFactors = s.fineFactors;
        int[] terms = s.terms;
        float factorLo = s.factorLo, factorStep = s.factorStep, centreDotLo = s.centreDotLo;
        float centreDotStep = s.centreDotStep;
        float qc = q.constant, halfDims = q.halfDims, rough = 2 * q.meanAbs;
        int words = s.words;
        long segment = (long) leaf << 32;
        int[] passed = new int[BLOCK];
        for (int block = from; block < to; block += BLOCK) {
            // Pass 1, branch-free: the rough estimate of every vector, the ordinals that reach the floor kept.
            int end = Math.min(to, block + BLOCK), n = 0;
            if (words == 8) { // 512-d, unrolled: the loop every vector goes through
                long[] m = q.signs;
                long m0 = m[0], m1 = m[1], m2 = m[2], m3 = m[3], m4 = m[4], m5 = m[5], m6 = m[6], m7 = m[7];
                for (int j = block, o = block * 8; j < end; j++, o += 8) {
                    int disagreements = Long.bitCount(codes[o] ^ m0) + Long.bitCount(codes[o + 1] ^ m1)
                            + Long.bitCount(codes[o + 2] ^ m2) + Long.bitCount(codes[o + 3] ^ m3)
                            + Long.bitCount(codes[o + 4] ^ m4) + Long.bitCount(codes[o + 5] ^ m5)
                            + Long.bitCount(codes[o + 6] ^ m6) + Long.bitCount(codes[o + 7] ^ m7);
                    int t = terms[j];
                    float centreDot = centreDotLo + centreDotStep * (t & 0xFFFF);
                    float factor = factorLo + factorStep * (t >>> 16);
                    passed[n] = j;
                    n += centreDot + factor * (rough * (halfDims - disagreements)) >= roughFloor ? 1 : 0;
                }
            } else {
                for (int j = block, o = block * words; j < end; j++, o += words) {
                    passed[n] = j;
                    n += s.centreDot(j) + s.factor(j) * q.roughDotSigns(q.disagreements(codes, o)) >= roughFloor
                            ? 1 : 0;
                }
            }
            // Pass 2, on codes still in cache: the 1-bit estimate of those that passed, the 2-bit one of the best.
            for (int p = 0; p < n; p++) {
                int j = passed[p], o = j * words;
                int t = terms[j];
                float base = qc + centreDotLo + centreDotStep * (t & 0xFFFF);
                float factor = factorLo + factorStep * (t >>> 16);
                float coarse = base + factor * (words == 8 ? q.dotSigns8(codes, o) : q.dotSigns(codes, o));
                if (coarse < coarseFloor) {
                    continue;
                }
                float estimate = base + fineFactors[j] * q.fineDot(codes, o, magnitudes, o);
                if (estimate > floor && (live == null || live.get(s.doc(j)))) {
                    top.offer(estimate, segment | j);
                    floor = top.floor();
                }
            }
        }
        return top;
    }

    /**
     * The {@code k} best candidates by the dot product of their stored float vectors, computed as
     * {@link VectorSearch#exact} computes it (so scores and order are exactly its), split over the threads.
     */
    List<Hit> rescore(List<LeafReaderContext> leaves, SignCodes[] segments, String field, float[] query,
                      long[] ids, int k) throws IOException {
        int parts = Math.min(threads, Math.max(1, ids.length / 256));
        List<Callable<PriorityQueue<Hit>>> tasks = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            int from = (int) ((long) ids.length * p / parts), to = (int) ((long) ids.length * (p + 1) / parts);
            tasks.add(() -> {
                Arrays.sort(ids, from, to); // by segment, then ordinal: vectors are read in document order
                VectorReader vectors = new VectorReader(leaves, segments, field);
                PriorityQueue<Hit> worst = new PriorityQueue<>(k + 1, VectorSearch.RANKING.reversed());
                for (int j = from; j < to; j++) {
                    float score = VectorUtil.dotProduct(query, vectors.read(ids[j]));
                    VectorSearch.offer(worst, new Hit(vectors.doc(ids[j]), score), k);
                }
                return worst;
            });
        }
        PriorityQueue<Hit> worst = new PriorityQueue<>(k + 1, VectorSearch.RANKING.reversed());
        for (PriorityQueue<Hit> part : runAll(tasks)) {
            part.forEach(h -> VectorSearch.offer(worst, h, k));
        }
        return VectorSearch.best(worst);
    }

    /** Reads candidates' stored vectors, ids {@code segment << 32 | ordinal} in increasing order. Not thread-safe. */
    private static final class VectorReader {
        private final List<LeafReaderContext> leaves;
        private final SignCodes[] segments;
        private final String field;
        private FloatVectorValues values;
        private int leaf = -1;

        VectorReader(List<LeafReaderContext> leaves, SignCodes[] segments, String field) {
            this.leaves = leaves;
            this.segments = segments;
            this.field = field;
        }

        float[] read(long id) throws IOException {
            int l = (int) (id >>> 32), doc = segments[l].doc((int) id);
            if (l != leaf) {
                leaf = l;
                values = leaves.get(l).reader().getFloatVectorValues(field);
            }
            if (values.docID() != doc && values.advance(doc) != doc) {
                throw new IllegalStateException("document " + doc + " of segment " + l + " has no vector");
            }
            return values.vectorValue();
        }

        /** The global document id of candidate {@code id}. */
        int doc(long id) {
            int l = (int) (id >>> 32);
            return leaves.get(l).docBase + segments[l].doc((int) id);
        }
    }

    private <T> List<T> runAll(List<Callable<T>> tasks) throws IOException {
        if (tasks.size() == 1) {
            try {
                return java.util.Collections.singletonList(tasks.get(0).call());
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        List<Future<T>> futures = new ArrayList<>(tasks.size());
        for (Callable<T> t : tasks) {
            futures.add(executor.submit(t));
        }
        List<T> out = new ArrayList<>(tasks.size());
        try {
            for (Future<T> f : futures) {
                out.add(f.get());
            }
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new IOException("search interrupted", e);
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        }
        return out;
    }
}

package io.clipj.jmh;

import io.clipj.index.internal.CodeScan;
import io.clipj.index.internal.Hit;
import io.clipj.index.internal.VectorFormat;
import io.clipj.index.internal.VectorSearch;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.IndexSearcher;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Query latency of clip-index's vector search on {@code n} random 512-d unit vectors (top 10): {@code hnsw}
 * through the graphs with {@code ef} candidates per segment (two segments, searched on two threads),
 * {@code codes} by the scan of sign codes with exact rescoring ({@link CodeScan}, on two threads),
 * {@code exact} by brute force. The setup prints, once per trial, the build time, the index size on disk,
 * the time to build the sign codes and their size, recall@10 of {@code hnsw} and {@code codes} against
 * {@code exact} over {@value #RECALL_QUERIES} queries, and the share of all vectors the graph search visited
 * (the cost that decides its latency). JMH's sample mode
 * reports p50 and p99. The index is built on first use ({@link RandomVectorIndex}) under
 * {@code -Dclipj.knn.dir} (default {@code /tmp/clipj-knn}).
 *
 * <p>Run: {@code cpu-exclusive java -jar clip-jmh/target/benchmarks.jar KnnSearchBenchmark
 * -p n=100000 -p ef=100,200}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Threads(1)
public class KnnSearchBenchmark {

    static final int K = 10;
    static final int RECALL_QUERIES = 100;
    static final int QUERIES = 1000;

    @Param({"100000"})
    public int n;

    @Param({"32"})
    public int m;

    @Param({"200"})
    public int beamWidth;

    @Param({"200"})
    public int ef;

    /** 32: float graph; 7 or 4: scalar-quantised graph, candidates rescored on the float vectors. */
    @Param({"32"})
    public int bits;

    private DirectoryReader reader;
    private IndexSearcher searcher;
    private CodeScan scan;
    private ExecutorService pool;
    private float[][] queries;
    private int next;

    @Setup(Level.Trial)
    public void open() throws Exception {
        VectorFormat format = new VectorFormat(m, beamWidth, ef, bits);
        Path root = Path.of(System.getProperty("clipj.knn.dir", "/tmp/clipj-knn"));
        reader = RandomVectorIndex.openOrBuild(root, n, format);
        pool = Executors.newFixedThreadPool(2);
        searcher = new IndexSearcher(reader, pool);
        scan = new CodeScan(pool, 2);
        long codesStart = System.nanoTime();
        scan.codes().warm(reader, RandomVectorIndex.FIELD);
        double codesSeconds = (System.nanoTime() - codesStart) / 1e9;
        queries = new float[QUERIES][];
        for (int q = 0; q < QUERIES; q++) {
            queries[q] = RandomVectorIndex.vector(2, q);
        }
        double found = 0, foundByCodes = 0;
        long visited = 0;
        for (int q = 0; q < RECALL_QUERIES; q++) {
            for (LeafReaderContext leaf : reader.leaves()) {
                visited += leaf.reader().searchNearestVectors(RandomVectorIndex.FIELD, queries[q], Math.max(K, ef),
                        null, Integer.MAX_VALUE).totalHits.value;
            }
            List<Hit> exact = VectorSearch.exact(reader, RandomVectorIndex.FIELD, queries[q], K);
            List<Hit> approx = VectorSearch.hnsw(searcher, RandomVectorIndex.FIELD, queries[q], K, ef);
            found += approx.stream().filter(h -> exact.stream().anyMatch(e -> e.doc() == h.doc())).count();
            List<Hit> byCodes = scan.search(reader, RandomVectorIndex.FIELD, queries[q], K);
            foundByCodes += byCodes.stream().filter(h -> exact.stream().anyMatch(e -> e.doc() == h.doc())).count();
        }
        Path dir = RandomVectorIndex.location(root, n, format);
        System.out.printf("%nknn n=%d M=%d beamWidth=%d bits=%d ef=%d: segments=%d build=%.1f s size=%.1f MB"
                        + " recall@10=%.4f visited=%.1f%% | codes: built in %.1f s, recall@10=%.4f%n",
                n, m, beamWidth, bits, ef, reader.leaves().size(),
                Long.parseLong(reader.getIndexCommit().getUserData().get(RandomVectorIndex.BUILD_MILLIS)) / 1e3,
                RandomVectorIndex.sizeOnDisk(dir) / 1e6, found / (RECALL_QUERIES * K),
                100.0 * visited / ((double) RECALL_QUERIES * reader.numDocs()), codesSeconds,
                foundByCodes / (RECALL_QUERIES * K));
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        reader.close();
        pool.shutdown();
    }

    private float[] nextQuery() {
        float[] q = queries[next];
        next = (next + 1) % QUERIES;
        return q;
    }

    @Benchmark
    public List<Hit> hnsw() throws Exception {
        return VectorSearch.hnsw(searcher, RandomVectorIndex.FIELD, nextQuery(), K, ef);
    }

    @Benchmark
    public List<Hit> codes() throws Exception {
        return scan.search(reader, RandomVectorIndex.FIELD, nextQuery(), K);
    }

    @Benchmark
    public List<Hit> exact() throws Exception {
        return VectorSearch.exact(reader, RandomVectorIndex.FIELD, nextQuery(), K);
    }
}

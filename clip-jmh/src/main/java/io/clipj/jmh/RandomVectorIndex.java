package io.clipj.jmh;

import io.clipj.index.internal.VectorFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.FSDirectory;

/**
 * A Lucene index of {@code n} random 512-d unit vectors (the hardest case for HNSW: no cluster structure),
 * built once per {@code (n, M, beamWidth)} under {@code dir} and reused by later benchmark runs. Two indexing
 * threads each fill one in-memory segment (RAM buffer large enough that nothing flushes before the commit), so
 * the build uses both cores and the index has two segments, searched in parallel. The build time is recorded
 * in the commit's user data.
 *
 * <p>Run the build alone: {@code cpu-exclusive java -Xmx8g -cp benchmarks.jar io.clipj.jmh.RandomVectorIndex
 * DIR N M BEAM [BITS]} (BITS 32: float graph, 7 or 4: Lucene's scalar-quantised HNSW format).
 *
 * <p>Not thread-safe; one build at a time per directory.
 */
public final class RandomVectorIndex {

    public static final String FIELD = "vector";
    public static final int DIM = 512;
    static final String BUILD_MILLIS = "build_ms";
    private static final int THREADS = 2;

    private RandomVectorIndex() {
    }

    /** The index directory for these settings under {@code root}. */
    public static Path location(Path root, int n, VectorFormat format) {
        String name = "n" + n + "-m" + format.maxConn() + "-b" + format.beamWidth();
        return root.resolve(format.bits() == 32 ? name : name + "-q" + format.bits());
    }

    /** Opens the index, building it first if it is absent or incomplete. */
    public static DirectoryReader openOrBuild(Path root, int n, VectorFormat format) throws Exception {
        Path dir = location(root, n, format);
        if (!Files.exists(dir.resolve("complete"))) {
            build(dir, n, format);
        }
        return DirectoryReader.open(FSDirectory.open(dir));
    }

    /** Unit vector number {@code i} of seed {@code seed}: i.i.d. Gaussian components, normalised. */
    public static float[] vector(long seed, long i) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
        float[] v = new float[DIM];
        double norm = 0;
        for (int d = 0; d < DIM; d++) {
            double g = gaussian(random);
            v[d] = (float) g;
            norm += g * g;
        }
        float inv = (float) (1 / Math.sqrt(norm));
        for (int d = 0; d < DIM; d++) {
            v[d] *= inv;
        }
        return v;
    }

    private static double gaussian(SplittableRandom random) {
        double u = random.nextDouble(), w = random.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * w);
    }

    static void build(Path dir, int n, VectorFormat format) throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.delete(f);
                }
            }
        }
        Files.createDirectories(dir);
        IndexWriterConfig config = new IndexWriterConfig()
                .setCodec(format.codec())
                .setRAMBufferSizeMB(8000)
                .setRAMPerThreadHardLimitMB(2000)
                .setMergePolicy(NoMergePolicy.INSTANCE)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE);
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (FSDirectory directory = FSDirectory.open(dir); IndexWriter writer = new IndexWriter(directory, config)) {
            Future<?>[] parts = new Future<?>[THREADS];
            for (int t = 0; t < THREADS; t++) {
                int part = t;
                parts[t] = pool.submit(() -> {
                    for (int i = part; i < n; i += THREADS) {
                        Document doc = new Document();
                        doc.add(new KnnFloatVectorField(FIELD, vector(1, i), VectorSimilarityFunction.DOT_PRODUCT));
                        writer.addDocument(doc);
                        if (part == 0 && i % 50_000 == 0) {
                            System.err.printf("  %,d vectors, %.0f s%n", i, (System.nanoTime() - start) / 1e9);
                        }
                    }
                    return null;
                });
            }
            for (Future<?> f : parts) {
                f.get();
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            Map<String, String> data = new HashMap<>();
            data.put(BUILD_MILLIS, Long.toString(millis));
            writer.setLiveCommitData(data.entrySet());
            writer.commit();
        } finally {
            pool.shutdown();
        }
        Files.writeString(dir.resolve("complete"), "");
        System.err.printf("built %s in %.1f s%n", dir, (System.nanoTime() - start) / 1e9);
    }

    /** Bytes of the index files. */
    static long sizeOnDisk(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(f -> f.toFile().length()).sum();
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4 && args.length != 5) {
            System.err.println("usage: RandomVectorIndex DIR N M BEAM [BITS]");
            System.exit(2);
        }
        int n = Integer.parseInt(args[1]);
        VectorFormat format = new VectorFormat(Integer.parseInt(args[2]), Integer.parseInt(args[3]), 1,
                args.length == 5 ? Integer.parseInt(args[4]) : 32);
        build(location(Path.of(args[0]), n, format), n, format);
    }
}

package io.clipj.index.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99ScalarQuantizedVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sign-code scan against exact search, on the data that is hardest for it and on off-centre data. */
class CodeScanTest {

    static final String FIELD = "vector";
    static ExecutorService pool;

    @BeforeAll
    static void start() {
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stop() {
        pool.shutdown();
    }

    @Test
    void randomUnitVectorsAreFoundAsExactSearchFindsThemWithExactScores() throws IOException {
        try (Directory dir = index(20_000, 512, 0f, 3, 0)) {
            assertRecallAtLeast(dir, 512, 0f, 0.95);
        }
    }

    /**
     * Vectors sharing a large common component, as CLIP embeddings do: the codes are signs of {@code v - c},
     * without the segment's centre {@code c} nearly every bit would be the common component's.
     */
    @Test
    void offCentreVectorsAreFoundAsExactSearchFindsThem() throws IOException {
        try (Directory dir = index(20_000, 512, 3f, 2, 0)) {
            assertRecallAtLeast(dir, 512, 3f, 0.95);
        }
    }

    /** 200 dimensions: codes of four words whose last 56 bits are unused (the loop that is not unrolled). */
    @Test
    void dimensionsThatAreNotAMultipleOf64AndDeletedDocuments() throws IOException {
        try (Directory dir = index(12_000, 200, 1f, 2, 3)) {
            assertRecallAtLeast(dir, 200, 1f, 0.95);
        }
    }

    @Test
    void askingForMoreThanThereAreReturnsEveryLiveVectorInExactOrder() throws IOException {
        try (Directory dir = index(300, 64, 0.5f, 2, 3); DirectoryReader reader = DirectoryReader.open(dir)) {
            float[] q = vector(new SplittableRandom(5), 64, 0.5f);
            List<Hit> exact = VectorSearch.exact(reader, FIELD, q, 1000);
            assertThat(exact).hasSize(200);
            assertThat(new CodeScan(pool, 2).search(reader, FIELD, q, 1000)).isEqualTo(exact);
        }
    }

    @Test
    void concurrentSearchesAgreeWithOneAtATime() throws Exception {
        try (Directory dir = index(8_000, 512, 0f, 2, 0); DirectoryReader reader = DirectoryReader.open(dir)) {
            CodeScan scan = new CodeScan(pool, 2);
            SplittableRandom random = new SplittableRandom(9);
            List<float[]> queries = new ArrayList<>();
            List<List<Hit>> alone = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                queries.add(vector(random, 512, 0f));
                alone.add(scan.search(reader, FIELD, queries.get(i), 10));
            }
            ExecutorService callers = Executors.newFixedThreadPool(8);
            try {
                List<Future<List<Hit>>> together = new ArrayList<>();
                for (float[] q : queries) {
                    together.add(callers.submit(() -> scan.search(reader, FIELD, q, 10)));
                }
                for (int i = 0; i < queries.size(); i++) {
                    assertThat(together.get(i).get()).isEqualTo(alone.get(i));
                }
            } finally {
                callers.shutdown();
            }
        }
    }

    @Test
    void candidatesGrowSlowerThanTheIndexAndNeverExceedIt() {
        assertThat(CodeScan.coarseCount(10, 1_000_000)).isBetween(20_000, 20_100);
        assertThat(CodeScan.fineCount(10, 1_000_000)).isBetween(1000, 1010);
        assertThat(CodeScan.coarseCount(10, 100_000)).isBetween(8000, 8001);
        assertThat(CodeScan.coarseCount(10, 30)).isEqualTo(30);
        assertThat(CodeScan.keep(20_000, 1_000_000)).isEqualTo(0.08);
        assertThat(CodeScan.keep(300, 300)).isEqualTo(1.0);
    }

    private static void assertRecallAtLeast(Directory dir, int dim, float offset, double recall) throws IOException {
        try (DirectoryReader reader = DirectoryReader.open(dir)) {
            CodeScan scan = new CodeScan(pool, 2);
            SplittableRandom random = new SplittableRandom(3);
            int found = 0, queries = 30;
            for (int i = 0; i < queries; i++) {
                float[] q = vector(random, dim, offset);
                List<Hit> exact = VectorSearch.exact(reader, FIELD, q, 10);
                List<Hit> approx = scan.search(reader, FIELD, q, 10);
                assertThat(approx).hasSize(10).isSortedAccordingTo(VectorSearch.RANKING);
                for (Hit h : approx) {
                    assertThat(reader.storedFields().document(h.doc()).get("deleted")).isNull();
                    float[] v = stored(reader, h.doc());
                    assertThat(h.score()).isEqualTo(org.apache.lucene.util.VectorUtil.dotProduct(q, v));
                    found += exact.stream().anyMatch(e -> e.doc() == h.doc()) ? 1 : 0;
                }
            }
            assertThat(found / (10.0 * queries)).isGreaterThanOrEqualTo(recall);
        }
    }

    private static float[] stored(DirectoryReader reader, int doc) throws IOException {
        var leaf = reader.leaves().get(org.apache.lucene.index.ReaderUtil.subIndex(doc, reader.leaves()));
        var values = leaf.reader().getFloatVectorValues(FIELD);
        assertThat(values.advance(doc - leaf.docBase)).isEqualTo(doc - leaf.docBase);
        return values.vectorValue().clone();
    }

    /**
     * {@code n} unit vectors in {@code segments} segments; every {@code deleteEvery}-th document (if not 0) is
     * written with a {@code deleted} marker and then deleted.
     */
    static Directory index(int n, int dim, float offset, int segments, int deleteEvery) throws IOException {
        Directory dir = new ByteBuffersDirectory();
        KnnVectorsFormat flat = new Lucene99ScalarQuantizedVectorsFormat(); // no graph: quick to write
        IndexWriterConfig config = new IndexWriterConfig().setMergePolicy(NoMergePolicy.INSTANCE)
                .setCodec(new Lucene912Codec() {
                    @Override
                    public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                        return flat;
                    }
                });
        SplittableRandom random = new SplittableRandom(1);
        try (IndexWriter w = new IndexWriter(dir, config)) {
            for (int i = 0; i < n; i++) {
                Document doc = new Document();
                doc.add(new StringField("id", Integer.toString(i), Field.Store.YES));
                doc.add(new KnnFloatVectorField(FIELD, vector(random, dim, offset), VectorSimilarityFunction.DOT_PRODUCT));
                if (deleteEvery > 0 && i % deleteEvery == 0) {
                    doc.add(new StringField("deleted", "yes", Field.Store.YES));
                }
                w.addDocument(doc);
                if ((i + 1) % ((n + segments - 1) / segments) == 0) {
                    w.commit();
                }
            }
            if (deleteEvery > 0) {
                w.deleteDocuments(new Term("deleted", "yes"));
            }
            w.commit();
        }
        return dir;
    }

    /** A unit vector: i.i.d. Gaussian components plus {@code offset} on every component, normalised. */
    static float[] vector(SplittableRandom random, int dim, float offset) {
        float[] v = new float[dim];
        double norm = 0;
        for (int d = 0; d < dim; d++) {
            double g = gaussian(random) + offset * (d % 3 == 0 ? 1 : -0.5);
            v[d] = (float) g;
            norm += g * g;
        }
        for (int d = 0; d < dim; d++) {
            v[d] /= (float) Math.sqrt(norm);
        }
        return v;
    }

    private static double gaussian(SplittableRandom random) {
        double u = random.nextDouble(), w = random.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * w);
    }
}

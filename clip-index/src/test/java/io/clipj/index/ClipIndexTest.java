package io.clipj.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipj.Clip;
import io.clipj.Embeddings;
import io.clipj.index.internal.ModelIdentity;
import io.clipj.weights.npy.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** clip-index on ../shared/images with the random-weight tiny model, against the PyTorch reference embeddings. */
class ClipIndexTest {

    static final Path ASSETS = Path.of(System.getProperty("clip.assets", "../shared"));
    static final Path TINY = ASSETS.resolve("golden/tiny");
    static final Path IMAGES = ASSETS.resolve("images");

    static Clip clip;
    static List<String> names = new ArrayList<>();
    static List<String> texts = new ArrayList<>();
    static float[][] imageRef; // [14, D] normalised
    static float[][] textRef;  // [25, D] normalised

    @TempDir
    static Path shared;
    static Path indexDir;
    static IndexReport first;
    static List<String> failures = new ArrayList<>();

    @BeforeAll
    static void build() throws IOException {
        clip = Clip.load(TINY);
        JsonNode inputs = new ObjectMapper().readTree(TINY.resolve("inputs.json").toFile());
        inputs.get("images").forEach(n -> names.add(n.asText()));
        inputs.get("texts").forEach(n -> texts.add(n.asText()));
        imageRef = Embeddings.normalize(rows(Npy.read(TINY.resolve("image_embeds.npy"))));
        textRef = Embeddings.normalize(rows(Npy.read(TINY.resolve("text_embeds.npy"))));
        indexDir = shared.resolve("idx");
        try (ClipIndex index = ClipIndex.create(indexDir, clip, TINY, TINY.toString())) {
            first = index.update(List.of(IMAGES), new IndexListener() {
                @Override
                public void failed(String source, String message) {
                    failures.add(source + ": " + message);
                }
            });
        }
    }

    @AfterAll
    static void close() throws IOException {
        clip.close();
    }

    static float[][] rows(Npy.Array a) {
        int n = a.shape()[0], d = a.shape()[1];
        float[][] out = new float[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a.data(), i * d, out[i], 0, d);
        }
        return out;
    }

    /** Top-5 file names by exact cosine with {@code query}, from the reference embeddings. */
    static List<String> expectedTop5(float[] query) {
        float[] q = Embeddings.normalize(query);
        return IntStream.range(0, names.size()).boxed()
                .sorted(Comparator.comparingDouble(i -> -Embeddings.dot(q, imageRef[i])))
                .limit(5).map(names::get).toList();
    }

    /**
     * Asserts that the search's top 5 is the reference ranking of {@code query}: at every rank the image found
     * has the reference cosine of the image expected there (identical images, e.g. coffee.png and its lossless
     * WebP copy, tie exactly and may come in either order).
     */
    static void assertRanksLikeReference(List<String> found, float[] query, String what) {
        float[] q = Embeddings.normalize(query);
        List<String> expected = expectedTop5(query);
        assertThat(found).as(what).hasSize(5);
        for (int r = 0; r < 5; r++) {
            double want = Embeddings.dot(q, imageRef[names.indexOf(expected.get(r))]);
            double got = Embeddings.dot(q, imageRef[names.indexOf(found.get(r))]);
            assertThat(got).as("%s: rank %d is %s, expected %s (%s)", what, r + 1, found.get(r), expected.get(r), found)
                    .isCloseTo(want, org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    static List<String> top5(ClipIndex index, List<String> args) throws IOException {
        return index.search(SearchQuery.parse(args), 5).stream()
                .map(h -> Path.of(h.path()).getFileName().toString()).toList();
    }

    @Test
    void firstRunAddsEveryImageAndReportsTheBrokenOne() {
        assertThat(first).isEqualTo(new IndexReport(14, 0, 0, 0, 1, 14));
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0)).contains("truncated.jpg");
    }

    @Test
    void textQueriesRankLikeTheReference() throws IOException {
        try (ClipIndex index = ClipIndex.open(indexDir, clip, TINY)) {
            for (int t = 0; t < texts.size(); t++) {
                assertRanksLikeReference(top5(index, List.of(texts.get(t))), textRef[t], "text " + t + ": " + texts.get(t));
            }
        }
    }

    @Test
    void imageAndCombinedQueriesRankLikeTheReference() throws IOException {
        int chelsea = names.indexOf("chelsea.png");
        int astronaut = names.indexOf("astronaut.png");
        try (ClipIndex index = ClipIndex.open(indexDir, clip, TINY)) {
            String chelseaPath = IMAGES.resolve("chelsea.png").toString();
            assertRanksLikeReference(top5(index, List.of(chelseaPath)), imageRef[chelsea], "image");
            // chelsea.png + 2 * "a photo of a dog" - 0.5 * astronaut.png - "café crème brûlée"
            float[] q = new float[imageRef[0].length];
            for (int i = 0; i < q.length; i++) {
                q[i] = imageRef[chelsea][i] + 2 * textRef[1][i] - 0.5f * imageRef[astronaut][i] - textRef[9][i];
            }
            assertRanksLikeReference(top5(index, List.of(chelseaPath, "+", "2:" + texts.get(1), "-",
                    "0.5:" + IMAGES.resolve("astronaut.png"), "-", texts.get(9))), q, "combined");
        }
    }

    @Test
    void codeScanAgreesWithExactSearch() throws IOException {
        try (ClipIndex index = ClipIndex.open(indexDir, clip, TINY)) {
            List<SearchHit> exact = index.search(SearchQuery.parse(List.of(texts.get(0))), 5);
            index.exactBelow(0);
            assertThat(index.scansCodes()).isFalse();
            assertThat(index.search(SearchQuery.parse(List.of(texts.get(0))), 5)).isEqualTo(exact); // exact, starts the codes
            awaitCodes(index);
            assertThat(index.search(SearchQuery.parse(List.of(texts.get(0))), 5)).isEqualTo(exact);
        }
    }

    @Test
    void codeScansFromManyThreadsOverSeveralSegmentsAgreeWithExactSearch(@TempDir Path tmp) throws Exception {
        Path photos = Files.createDirectories(tmp.resolve("photos"));
        Path dir = tmp.resolve("idx");
        try (ClipIndex index = ClipIndex.create(dir, clip, TINY, TINY.toString())) {
            for (String n : names.subList(0, 6)) { // an update, so a segment, per image
                Files.copy(IMAGES.resolve(n), photos.resolve(n));
                index.update(List.of(photos), IndexListener.NONE);
            }
            try (FSDirectory d = FSDirectory.open(dir); DirectoryReader r = DirectoryReader.open(d)) {
                assertThat(r.leaves().size()).isGreaterThan(1);
            }
            float[] query = index.queryVector(SearchQuery.parse(List.of(texts.get(2))));
            List<SearchHit> exact = index.search(query, 5);
            index.exactBelow(0);
            index.search(query, 5);
            awaitCodes(index);
            ExecutorService callers = Executors.newFixedThreadPool(8);
            try {
                List<Future<List<SearchHit>>> results = new ArrayList<>();
                for (int i = 0; i < 32; i++) {
                    results.add(callers.submit(() -> index.search(query, 5)));
                }
                for (Future<List<SearchHit>> f : results) {
                    assertThat(f.get()).isEqualTo(exact);
                }
            } finally {
                callers.shutdown();
            }
            assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().startsWith("clipj-search-"));
        }
    }

    /** Waits until the index's codes are built in the background, so that searches scan them. */
    static void awaitCodes(ClipIndex index) throws IOException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!index.scansCodes()) {
            assertThat(System.nanoTime()).as("codes built within 60 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    @Test
    void incrementalRuns(@TempDir Path tmp) throws IOException {
        Path photos = Files.createDirectories(tmp.resolve("photos"));
        for (String n : List.of("astronaut.png", "camera.png", "coffee.png")) {
            Files.copy(IMAGES.resolve(n), photos.resolve(n));
        }
        try (ClipIndex index = ClipIndex.create(tmp.resolve("idx"), clip, TINY, TINY.toString())) {
            assertThat(index.update(List.of(photos), IndexListener.NONE)).isEqualTo(new IndexReport(3, 0, 0, 0, 0, 3));
            assertThat(index.update(List.of(photos), IndexListener.NONE)).isEqualTo(new IndexReport(0, 0, 0, 3, 0, 3));
            Files.copy(IMAGES.resolve("horse.png"), photos.resolve("horse.png"));
            Files.delete(photos.resolve("camera.png"));
            assertThat(index.update(List.of(photos), IndexListener.NONE).summary())
                    .isEqualTo("index: 1 added, 0 updated, 1 removed, 2 unchanged, 0 failed; 3 entries");
            Files.setLastModifiedTime(photos.resolve("coffee.png"),
                    java.nio.file.attribute.FileTime.fromMillis(1_000_000_000_000L));
            assertThat(index.update(List.of(photos), IndexListener.NONE)).isEqualTo(new IndexReport(0, 1, 0, 2, 0, 3));
            assertThat(top5(index, List.of(photos.resolve("horse.png").toString())).get(0)).isEqualTo("horse.png");
        }
    }

    @Test
    void webDatasetMembersAreEntries(@TempDir Path tmp) throws IOException {
        Path shards = ASSETS.resolve("wds/imagenetv2-sample/test");
        try (ClipIndex index = ClipIndex.create(tmp.resolve("idx"), clip, TINY, TINY.toString())) {
            IndexReport r = index.update(List.of(shards), IndexListener.NONE);
            assertThat(r).isEqualTo(new IndexReport(10, 0, 0, 0, 0, 10));
            assertThat(index.update(List.of(shards), IndexListener.NONE)).isEqualTo(new IndexReport(0, 0, 0, 10, 0, 10));
            assertThat(index.search(SearchQuery.parse(List.of("a dog")), 10))
                    .allSatisfy(h -> assertThat(h.path()).matches(".*/test/[01]\\.tar#s\\d+"));
        }
    }

    @Test
    void anotherModelIsRefused(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("idx");
        ClipIndex.create(dir, clip, TINY, TINY.toString()).close();
        float[] other = ModelIdentity.of(clip, "x").fingerprint().clone();
        for (int i = 0; i < other.length; i++) {
            other[i] = -other[i];
        }
        try (IndexWriter w = new IndexWriter(FSDirectory.open(dir), new IndexWriterConfig())) {
            Map<String, String> data = new ModelIdentity("other-model", other).userData();
            w.setLiveCommitData(data.entrySet());
            w.commit();
        }
        assertThat(ClipIndex.recordedModel(dir)).isEqualTo("other-model");
        assertThatThrownBy(() -> ClipIndex.open(dir, clip, TINY)).isInstanceOf(ModelMismatchException.class)
                .hasMessageContaining("other-model").hasMessageContaining(dir.toString());
    }

    @Test
    void queryParsing() {
        SearchQuery q = SearchQuery.parse(List.of("cat", "-", "0.5:dog", "+", "2:x:y"));
        assertThat(q.terms()).containsExactly(new SearchQuery.Term(false, "cat", 1),
                new SearchQuery.Term(false, "dog", -0.5f), new SearchQuery.Term(false, "x:y", 2));
        assertThatThrownBy(() -> SearchQuery.parse(List.of("cat", "-"))).hasMessageContaining("trailing");
    }
}

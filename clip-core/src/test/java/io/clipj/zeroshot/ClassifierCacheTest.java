package io.clipj.zeroshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import io.clipj.weights.npy.Npy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifierCacheTest {

    private static final List<String> CLASSES = List.of("cat", "dog", "bird");
    private static final List<String> TEMPLATES = List.of("a photo of a {c}.", "a {c}");

    @TempDir
    Path dir;

    private final AtomicInteger builds = new AtomicInteger();

    private ZeroShotWeights build(List<String> classes) {
        builds.incrementAndGet();
        return ZeroShotWeights.build(texts -> texts.stream().map(t -> new float[] {t.length(), t.hashCode() % 7, 1})
                .toArray(float[][]::new), classes, TEMPLATES, 4);
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void secondLookupLoadsTheSameClassifier() throws IOException {
        ClassifierCache cache = new ClassifierCache(dir);
        ZeroShotWeights first = cache.getOrBuild("model-a", CLASSES, TEMPLATES, () -> build(CLASSES));
        ZeroShotWeights second = cache.getOrBuild("model-a", CLASSES, TEMPLATES, () -> build(CLASSES));
        Path file = cache.fileFor("model-a", CLASSES, TEMPLATES);
        Npy.Array stored = Npy.read(file);
        assertAll(
                () -> assertThat(builds).hasValue(1),
                () -> assertThat(second.weights()).containsExactly(first.weights()),
                () -> assertThat(stored.shape()).containsExactly(3, 3),
                () -> assertThat(stored.data()).containsExactly(first.weights()),
                () -> assertThat(file.getFileName().toString()).matches("[0-9a-f]{64}\\.npy"),
                () -> assertThat(files()).containsExactly(file)); // no temporary files left behind
    }

    @Test
    void keyCoversModelClassNamesAndTemplates() {
        String base = ClassifierCache.key("m", CLASSES, TEMPLATES);
        assertAll(
                () -> assertThat(ClassifierCache.key("m", CLASSES, TEMPLATES)).isEqualTo(base),
                () -> assertThat(ClassifierCache.key("m2", CLASSES, TEMPLATES)).isNotEqualTo(base),
                () -> assertThat(ClassifierCache.key("m", List.of("cat", "dog", "birds"), TEMPLATES)).isNotEqualTo(base),
                () -> assertThat(ClassifierCache.key("m", List.of("dog", "cat", "bird"), TEMPLATES)).isNotEqualTo(base),
                () -> assertThat(ClassifierCache.key("m", CLASSES, List.of("a photo of a {c}."))).isNotEqualTo(base),
                // length prefixes keep boundaries unambiguous
                () -> assertThat(ClassifierCache.key("m", List.of("ab", "c"), TEMPLATES))
                        .isNotEqualTo(ClassifierCache.key("m", List.of("a", "bc"), TEMPLATES)));
    }

    @Test
    void corruptFilesAreRebuilt() throws IOException {
        ClassifierCache cache = new ClassifierCache(dir);
        Path file = cache.fileFor("m", CLASSES, TEMPLATES);
        ZeroShotWeights good = build(CLASSES);
        builds.set(0);
        List<byte[]> corruptions = List.of(
                "not a npy file".getBytes(),
                new byte[0],
                npy(new float[] {1, 0, 0, 0, 1, 0}, 2, 3), // [2, 3]: columns not unit vectors
                npy(new float[] {1, 0, 0, 0}, 2, 2), // wrong class count
                npy(new float[] {Float.NaN, 0, 1, 1, 0, 0, 0, 1, 0}, 3, 3));
        for (byte[] corrupt : corruptions) {
            Files.write(file, corrupt);
            ZeroShotWeights got = cache.getOrBuild("m", CLASSES, TEMPLATES, () -> build(CLASSES));
            assertThat(got.weights()).containsExactly(good.weights());
            assertThat(Npy.read(file).data()).containsExactly(good.weights());
        }
        assertThat(builds).hasValue(corruptions.size());
    }

    /**
     * A valid file of another embedding width (say from a model whose projection_dim changed while its files kept
     * their names and times) is rebuilt instead of failing every later run at the first image batch.
     */
    @Test
    void fileOfAnotherEmbeddingWidthIsRebuilt() throws IOException {
        ClassifierCache cache = new ClassifierCache(dir);
        Path file = cache.fileFor("m", CLASSES, TEMPLATES);
        ZeroShotWeights good = build(CLASSES);
        builds.set(0);
        // [2, 3] with unit columns: well-formed, but 2 wide where the model embeds into 3
        Files.write(file, npy(new float[] {1, 0, 0.6f, 0, 1, 0.8f}, 2, 3));
        ZeroShotWeights got = cache.getOrBuild("m", CLASSES, TEMPLATES, 3, () -> build(CLASSES));
        assertAll(
                () -> assertThat(builds).hasValue(1),
                () -> assertThat(got.dim()).isEqualTo(3),
                () -> assertThat(got.weights()).containsExactly(good.weights()),
                () -> assertThat(Npy.read(file).shape()).containsExactly(3, 3));
        cache.getOrBuild("m", CLASSES, TEMPLATES, 3, () -> build(CLASSES));
        assertThat(builds).as("the rebuilt file is used").hasValue(1);
    }

    private static byte[] npy(float[] data, int... shape) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, data, shape);
        return out.toByteArray();
    }

    @Test
    void unwritableCacheStillReturnsTheClassifier() throws IOException {
        Path blocker = Files.writeString(dir.resolve("not-a-dir"), "file");
        ClassifierCache cache = new ClassifierCache(blocker.resolve("cache"));
        ZeroShotWeights got = cache.getOrBuild("m", CLASSES, TEMPLATES, () -> build(CLASSES));
        assertThat(got.numClasses()).isEqualTo(3);
    }
}

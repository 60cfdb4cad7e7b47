package io.clipj.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipj.Clip;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kill -9} of a JVM indexing 300 images, then a second run completes the index. */
class CrashTest {

    @Test
    void killedRunIsCompletedByTheNextOne(@TempDir Path tmp) throws Exception {
        Path photos = Files.createDirectories(tmp.resolve("photos"));
        List<String> sources = List.of("astronaut.png", "camera.png", "coffee.png", "horse.png", "page.png");
        for (int i = 0; i < 300; i++) {
            Files.copy(ClipIndexTest.IMAGES.resolve(sources.get(i % sources.size())),
                    photos.resolve(String.format("img%03d.png", i)));
        }
        Path dir = tmp.resolve("idx");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dclip.assets=" + System.getProperty("clip.assets", "../shared"),
                IndexChild.class.getName(), dir.toString(), photos.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        int committed = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (committed < 40 && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            try (FSDirectory d = FSDirectory.open(dir)) {
                if (DirectoryReader.indexExists(d)) {
                    try (DirectoryReader r = DirectoryReader.open(d)) {
                        committed = r.numDocs();
                    }
                }
            } catch (java.io.IOException e) {
                // the directory is being created
            }
        }
        child.destroyForcibly().waitFor(); // SIGKILL on Linux: no shutdown hooks, no close
        assertThat(committed).as("child log: %s", tmp.resolve("child.log")).isBetween(40, 299);

        try (Clip clip = Clip.load(ClipIndexTest.TINY);
             ClipIndex index = ClipIndex.create(dir, clip, ClipIndexTest.TINY, "tiny")) {
            IndexReport r = index.update(List.of(photos), IndexListener.NONE);
            assertThat(r.entries()).isEqualTo(300);
            assertThat(r.added() + r.unchanged()).isEqualTo(300);
            assertThat(r.unchanged()).isBetween(committed, 299);
            assertThat(index.search(SearchQuery.parse(List.of(photos.resolve("img003.png").toString())), 3))
                    .hasSize(3).allSatisfy(h -> assertThat(h.score()).isGreaterThan(0.999f));
        }
    }
}

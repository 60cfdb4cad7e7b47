package io.clipj.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipj.testing.SharedAssets;
import io.clipj.weights.npy.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code embed} over a folder with one broken image: without {@code --skip-bad} it stops naming the file; with it
 * it exits 0, lists the file on stderr and in {@code manifest.json}, whose rows map to the inputs; the rows equal
 * golden/tiny's image embeddings of the same files. Inline {@code --texts} and the manifest's text rows.
 */
class EmbedFolderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path folder() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("photos/sub"));
        Files.copy(SharedAssets.path("images/astronaut.png"), tmp.resolve("photos/a.png"));
        Files.copy(SharedAssets.path("images/truncated.jpg"), tmp.resolve("photos/b_broken.jpg"));
        Files.copy(SharedAssets.path("images/horse.png"), dir.resolve("c.png"));
        Files.writeString(tmp.resolve("photos/notes.txt"), "not an image, not picked up");
        return tmp.resolve("photos");
    }

    @Test
    void skipBadListsTheBrokenImageAndTheManifestMapsRows() throws IOException {
        Path photos = folder();
        Path out = tmp.resolve("out");
        Cli strict = Cli.run("embed", "--model", SharedAssets.tinyModel().toString(), "--images", photos.toString(),
                "--out", out.toString());
        assertThat(strict.exit()).as(strict.toString()).isEqualTo(1);
        assertThat(strict.errLines()).hasSize(1);
        assertThat(strict.err()).contains("b_broken.jpg");

        Cli r = Cli.run("embed", "--model", SharedAssets.tinyModel().toString(), "--images", photos.toString(),
                "--skip-bad", "--texts", "an astronaut", "a horse", "--out", out.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode manifest = JSON.readTree(out.resolve("manifest.json").toFile());
        Npy.Array embeds = Npy.read(out.resolve("image_embeds.npy"));
        Npy.Array golden = Npy.read(SharedAssets.tinyModel().resolve("image_embeds.npy"));
        int d = embeds.shape()[1];
        assertAll(
                () -> assertThat(r.err()).contains("skipped: ").contains("b_broken.jpg"),
                () -> assertThat(manifest.get("images")).hasSize(2),
                () -> assertThat(manifest.get("images").get(0).get("path").asText()).endsWith("a.png"),
                () -> assertThat(manifest.get("images").get(1).get("path").asText()).endsWith("sub/c.png"),
                () -> assertThat(manifest.get("skipped")).hasSize(1),
                () -> assertThat(manifest.get("skipped").get(0).get("path").asText()).endsWith("b_broken.jpg"),
                () -> assertThat(manifest.get("texts").get(1).get("text").asText()).isEqualTo("a horse"),
                () -> assertThat(embeds.shape()).containsExactly(2, d),
                () -> assertThat(Npy.read(out.resolve("text_embeds.npy")).shape()).containsExactly(2, d),
                // golden rows 0 (astronaut.png) and 7 (horse.png)
                () -> assertThat(maxDiff(embeds, 0, golden, 0, d)).isLessThan(1e-4),
                () -> assertThat(maxDiff(embeds, 1, golden, 7, d)).isLessThan(1e-4));
    }

    @Test
    void folderWithoutImagesIsNamed() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Cli r = Cli.run("embed", "--model", SharedAssets.tinyModel().toString(), "--images", empty.toString(),
                "--out", tmp.resolve("o").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains(empty.toString(), "holds no image files");
    }

    private static double maxDiff(Npy.Array a, int row, Npy.Array b, int goldenRow, int d) {
        double max = 0;
        for (int j = 0; j < d; j++) {
            max = Math.max(max, Math.abs(a.data()[row * d + j] - b.data()[goldenRow * d + j]));
        }
        return max;
    }

}

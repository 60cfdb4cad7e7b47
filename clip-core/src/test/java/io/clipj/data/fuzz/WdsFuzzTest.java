package io.clipj.data.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.clipj.data.DatasetException;
import io.clipj.data.Sample;
import io.clipj.data.SampleReader;
import io.clipj.internal.data.TarEntry;
import io.clipj.internal.data.TarReader;
import io.clipj.data.WdsDataset;
import io.clipj.data.WdsOptions;
import io.clipj.testing.FuzzCorpus;
import io.clipj.testing.Mutations;
import io.clipj.testing.SharedAssets;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The WebDataset reader under hostile shards. {@link #tarReader}: arbitrary bytes as a tar stream; every
 * member reads or the error is an {@link IOException} with a message, and a member's content is never
 * larger than the bytes supplied. {@link #dataset}: arbitrary bytes as the only shard of a 3-class dataset;
 * samples have a key, image bytes and a label in range, or reading stops with a {@link DatasetException}
 * naming the shard. Member names (including {@code ../} paths) are only ever used as keys.
 */
class WdsFuzzTest {

    private static final int CLASSES = 3;
    private static Path dataset;

    @BeforeAll
    static void setUp() throws IOException {
        dataset = FuzzCorpus.scratchFile("wds");
        Files.createDirectories(dataset.resolve("test"));
        Files.writeString(dataset.resolve(WdsDataset.CLASSNAMES), "cat\ndog\nfish\n");
        Files.writeString(dataset.resolve(WdsDataset.TEMPLATES), "a photo of a {c}.\n");
        Files.writeString(dataset.resolve("test").resolve(WdsDataset.NSHARDS), "1");
        // a real shard is 1 MB; its first members (headers, a WebP, a label) make a good fuzzing seed
        byte[] shard = Files.readAllBytes(SharedAssets.path("wds/imagenetv2-sample/test/1.tar"));
        byte[] head = Arrays.copyOf(shard, Math.min(shard.length, 64 * 1024));
        FuzzCorpus.seedWhenFuzzing(WdsFuzzTest.class, "tarReader", Map.of("shard1-head", head));
        FuzzCorpus.seedWhenFuzzing(WdsFuzzTest.class, "dataset", Map.of("shard1-head", head));
    }

    @FuzzTest(maxDuration = "5m")
    void tarReader(byte[] data) {
        try (TarReader tar = new TarReader(new ByteArrayInputStream(data), "fuzz.tar")) {
            int members = 0;
            for (TarEntry e; (e = tar.nextEntry()) != null; ) {
                assertThat(e.name()).isNotNull();
                assertThat(e.size()).isNotNegative();
                if (++members % 2 == 0 && e.size() <= data.length) {
                    assertThat(tar.readContent()).hasSize((int) e.size());
                }
                assertThat(tar.position()).isLessThanOrEqualTo(data.length);
            }
        } catch (IOException e) {
            FuzzCorpus.requireMessage(e);
            assertThat(e.getMessage()).contains("fuzz.tar");
        }
    }

    @FuzzTest(maxDuration = "5m")
    void dataset(byte[] shard) throws IOException {
        Files.write(dataset.resolve("test/0.tar"), shard);
        WdsOptions options = WdsOptions.defaults().withMaxMemberBytes(1 << 20);
        try (SampleReader reader = WdsDataset.open(dataset, "test", options).reader()) {
            while (reader.hasNext()) {
                Sample s = reader.next();
                assertThat(s.key()).isNotEmpty();
                assertThat(s.image()).isNotNull();
                assertThat(s.image().length).isLessThanOrEqualTo(shard.length);
                assertThat(s.label()).isBetween(0, CLASSES - 1);
            }
        } catch (DatasetException e) {
            FuzzCorpus.requireMessage(e);
            assertThat(e.getMessage()).contains("0.tar");
        }
    }

    /** The shared shards (read in place) read fully; mutants of their first 16 KB keep the contract. */
    @Test
    void sharedShardsAndTheirMutants() throws IOException {
        for (String name : new String[] {"0.tar", "1.tar"}) {
            byte[] shard = Files.readAllBytes(SharedAssets.path("wds/imagenetv2-sample/test/" + name));
            tarReader(shard);
            byte[] head = Arrays.copyOf(shard, 16 * 1024);
            for (byte[] m : Mutations.of(head, 60, name.hashCode())) {
                tarReader(m);
                dataset(m);
            }
        }
    }

}

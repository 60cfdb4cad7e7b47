package io.clipj.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipj.testing.SharedAssets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The shared 10-image sample of {@code wds_imagenetv2} against the golden zero-shot reference. */
class WdsDatasetSampleTest {

    private static final Path ROOT = SharedAssets.path("wds/imagenetv2-sample");

    @Test
    void samplesMatchGoldenKeysAndLabelsInOrder() throws IOException {
        JsonNode golden = new ObjectMapper().readTree(SharedAssets.path("golden/tiny/zeroshot/zeroshot.json").toFile());
        List<String> goldenKeys = new ArrayList<>();
        golden.get("keys").forEach(k -> goldenKeys.add(k.asText()));
        List<Integer> goldenLabels = new ArrayList<>();
        golden.get("labels").forEach(l -> goldenLabels.add(l.asInt()));

        WdsDataset ds = WdsDataset.open(ROOT, "test");
        List<Sample> samples;
        int skipped;
        try (SampleReader reader = ds.reader()) {
            samples = new ArrayList<>();
            reader.forEachRemaining(samples::add);
            skipped = reader.skipped();
        }
        List<String> keys = samples.stream().map(Sample::key).collect(Collectors.toList());
        List<Integer> labels = samples.stream().map(Sample::label).collect(Collectors.toList());
        assertAll(
                () -> assertThat(samples).hasSize(10),
                () -> assertThat(keys).containsExactlyElementsOf(goldenKeys),
                () -> assertThat(labels).containsExactlyElementsOf(goldenLabels),
                () -> assertThat(skipped).isZero(),
                () -> assertThat(samples).allSatisfy(s -> {
                    assertThat(s.imageExtension()).isEqualTo("webp");
                    assertThat(new String(s.image(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
                    assertThat(new String(s.image(), 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WEBP");
                }),
                () -> assertThat(samples.stream().map(Sample::shard).distinct()).containsExactly("test/0.tar",
                        "test/1.tar"));
    }

    @Test
    void imageBytesAreTheTarMembersExactly() throws IOException {
        // the RIFF header holds the payload size: a complete WebP file is exactly 8 + that many bytes
        try (Stream<Sample> samples = WdsDataset.open(ROOT, "test").samples()) {
            samples.forEach(s -> {
                int riff = (s.image()[4] & 0xff) | (s.image()[5] & 0xff) << 8 | (s.image()[6] & 0xff) << 16
                        | (s.image()[7] & 0xff) << 24;
                assertThat(s.image().length).as(s.key()).isEqualTo(8 + riff + (riff & 1));
            });
        }
    }

    @Test
    void classNamesAndTemplatesAreLoaded() throws IOException {
        WdsDataset ds = WdsDataset.open(ROOT, "test");
        List<String> expectedNames = Files.readAllLines(ROOT.resolve("classnames.txt"), StandardCharsets.UTF_8);
        List<String> expectedTemplates = Files.readAllLines(ROOT.resolve("zeroshot_classification_templates.txt"),
                StandardCharsets.UTF_8);
        assertAll(
                () -> assertThat(ds.classNames()).hasSize(1000).containsExactlyElementsOf(expectedNames),
                () -> assertThat(ds.classNames().get(0)).isEqualTo("tench"),
                () -> assertThat(ds.templates()).hasSize(80).containsExactlyElementsOf(expectedTemplates)
                        .allSatisfy(t -> assertThat(t).contains("{c}")),
                () -> assertThat(ds.shards()).extracting(p -> p.getFileName().toString())
                        .containsExactly("0.tar", "1.tar"));
    }
}

package io.clipj.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertAll;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three-shard datasets built in a temporary directory, valid and hostile. */
class WdsDatasetHostileTest {

    @TempDir
    Path dir;

    private static byte[] img(String key) {
        return ("IMG:" + key).getBytes(StandardCharsets.US_ASCII);
    }

    /** Writes classnames (3 classes), templates and the shards (raw archive bytes) as split "test". */
    private Path dataset(byte[]... shards) throws IOException {
        Files.writeString(dir.resolve("classnames.txt"), "cat\ndog\nbird\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("zeroshot_classification_templates.txt"), "a photo of a {c}.\n");
        Path split = Files.createDirectories(dir.resolve("test"));
        Files.writeString(split.resolve("nshards.txt"), shards.length + "\n");
        for (int i = 0; i < shards.length; i++) {
            Files.write(split.resolve(i + ".tar"), shards[i]);
        }
        return dir;
    }

    private static TarBuilder good(String... keysAndLabels) {
        TarBuilder tar = new TarBuilder();
        for (int i = 0; i < keysAndLabels.length; i += 2) {
            tar.file(keysAndLabels[i] + ".webp", img(keysAndLabels[i])).file(keysAndLabels[i] + ".cls",
                    keysAndLabels[i + 1]);
        }
        return tar;
    }

    private static List<String> read(Path root, WdsOptions options, int[] skipped) {
        List<String> out = new ArrayList<>();
        try (SampleReader reader = WdsDataset.open(root, "test", options).reader()) {
            reader.forEachRemaining(s -> {
                if (s.image().length < 100) { // small images are img(key); large ones are zero-filled
                    assertThat(s.image()).as(s.key()).isEqualTo(img(s.key()));
                }
                out.add(s.shard() + ":" + s.key() + "." + s.imageExtension() + "=" + s.label());
            });
            skipped[0] = reader.skipped();
        }
        return out;
    }

    private static List<String> read(Path root) {
        return read(root, WdsOptions.defaults(), new int[1]);
    }

    @Test
    void threeShardsWithAnyMemberOrderAndNameVariants() throws IOException {
        byte[] shard0 = good("s0", "0", "s1", "1").bytes();
        byte[] shard1 = new TarBuilder() // label before image, interleaved keys, extra members
                .file("r0.cls", " 2\n").file("r1.cls", "1").file("r1.jpg", img("r1")).file("r0.json", "{}")
                .file("r0.PNG", img("r0")).file("README", "no extension").file("r1.txt", "caption").bytes();
        String longKey = "sub/" + "k".repeat(120);
        byte[] shard2 = new TarBuilder().typed('5', "sub/", new byte[0])
                .gnuLongName(longKey + ".jpeg", img(longKey)).gnuLongName(longKey + ".cls", "0".getBytes())
                .pax(Map.of("path", "paxdir/p0.webp"), "ignored.webp", img("paxdir/p0").length, img("paxdir/p0"))
                .pax(Map.of("path", "paxdir/p0.cls"), "ignored.cls", 1, "2".getBytes()).bytes();
        Path root = dataset(shard0, shard1, shard2);
        int[] skipped = new int[1];
        List<String> samples = read(root, WdsOptions.defaults(), skipped);
        assertAll(
                () -> assertThat(samples).containsExactly("test/0.tar:s0.webp=0", "test/0.tar:s1.webp=1",
                        "test/1.tar:r1.jpg=1", "test/1.tar:r0.png=2", "test/2.tar:" + longKey + ".jpeg=0",
                        "test/2.tar:paxdir/p0.webp=2"),
                () -> assertThat(skipped[0]).isZero());
    }

    @Test
    void imageFormatsArePreferredAsWebdatasetDoes() throws IOException {
        byte[] webp = "IMG:webp".getBytes(StandardCharsets.US_ASCII);
        byte[] png = "IMG:png".getBytes(StandardCharsets.US_ASCII);
        byte[] jpg = "IMG:jpg".getBytes(StandardCharsets.US_ASCII);
        Path root = dataset(new TarBuilder()
                .file("a.png", png).file("a.cls", "0").file("a.webp", webp) // webp comes last but wins
                .file("b.jpg", jpg).file("b.png", png).file("b.cls", "1") // png beats jpg
                .file("c.cls", "2").file("c.jpeg", jpg).file("c.jpg", jpg) // jpg beats jpeg
                .file("d.webp", webp).file("d.cls", "0").file("e.cls", "1").file("e.webp", webp)
                .file("d.png", png) // d was complete when e began: a late member is ignored
                .bytes());
        List<String> got = new ArrayList<>();
        try (SampleReader reader = WdsDataset.open(root, "test").reader()) {
            reader.forEachRemaining(s -> got.add(s.key() + "." + s.imageExtension() + "="
                    + new String(s.image(), StandardCharsets.US_ASCII) + "/" + s.label()));
        }
        assertThat(got).containsExactly("a.webp=IMG:webp/0", "b.png=IMG:png/1", "c.jpg=IMG:jpg/2",
                "d.webp=IMG:webp/0", "e.webp=IMG:webp/1");
    }

    @Test
    void multiDotBasenameIsKeyedAtTheFirstDot() throws IOException {
        // "a.b/c.d.webp" has key "a.b/c" and extension "d.webp", which is not an image: the sample lacks one
        Path root = dataset(new TarBuilder().file("a.b/c.d.webp", img("a.b/c")).file("a.b/c.cls", "1").bytes());
        assertThatThrownBy(() -> read(root)).isInstanceOf(DatasetException.class)
                .hasMessageContaining("shard test/0.tar, sample 'a.b/c'").hasMessageContaining("no image member");
    }

    @Test
    void unsafeNamesAreRejectedEvenWhenSkippingBadSamples() throws IOException {
        Map<String, byte[]> hostile = Map.of(
                "../evil.cls", new TarBuilder().file("../evil.cls", "1").bytes(),
                "/abs.webp", new TarBuilder().file("/abs.webp", img("x")).bytes(),
                "a/../../b.cls", new TarBuilder().file("a/../../b.cls", "1").bytes(),
                "C:\\win.cls", new TarBuilder().file("C:\\win.cls", "1").bytes(),
                "nul\\x00.cls", new TarBuilder().pax(Map.of("path", "nul\0.cls"), "x.cls", 1, "1".getBytes()).bytes(),
                "../pax-evil.webp", new TarBuilder().pax(Map.of("path", "../pax-evil.webp"), "ok.webp", 3,
                        "abc".getBytes()).bytes());
        List<Runnable> checks = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : hostile.entrySet()) {
            Path root = Files.createDirectories(dir.resolve("case" + checks.size()));
            dir = root;
            dataset(good("s0", "0").bytes(), e.getValue(), good("s9", "1").bytes());
            for (boolean skip : new boolean[] {false, true}) {
                checks.add(() -> assertThatThrownBy(() -> read(root, WdsOptions.defaults().withSkipBad(skip), new int[1]))
                        .as("%s, skipBad=%s", e.getKey(), skip).isInstanceOf(DatasetException.class)
                        .hasMessageContaining("shard test/1.tar").hasMessageContaining("unsafe tar member '"
                                + e.getKey() + "'"));
            }
        }
        assertAll(checks.stream().map(c -> c::run));
    }

    @Test
    void badSamplesStopTheReadNamingShardAndKey() throws IOException {
        record Case(String what, byte[] shard, String key, String message) {
        }
        List<Case> cases = List.of(
                new Case("bad cls", good("b0", "x1").bytes(), "b0", "bad class label 'x1'"),
                new Case("empty cls", good("b0", "").bytes(), "b0", "bad class label ''"),
                new Case("out of range", good("b0", "3").bytes(), "b0", "class label 3 out of range [0, 3)"),
                new Case("negative", good("b0", "-1").bytes(), "b0", "class label -1 out of range"),
                new Case("missing image", new TarBuilder().file("b0.cls", "1").bytes(), "b0", "no image member"),
                new Case("missing cls", new TarBuilder().file("b0.webp", img("b0")).bytes(), "b0", "no label member"),
                new Case("duplicate image", new TarBuilder().file("b0.webp", img("b0")).file("b0.webp", img("b0"))
                        .file("b0.cls", "1").bytes(), "b0", "duplicate image member 'b0.webp'"),
                new Case("duplicate cls", new TarBuilder().file("b0.webp", img("b0")).file("b0.cls", "1")
                        .file("b0.cls", "2").bytes(), "b0", "duplicate label member 'b0.cls'"),
                new Case("huge cls", new TarBuilder().file("b0.webp", img("b0")).file("b0.cls", "1" + " ".repeat(300))
                        .bytes(), "b0", "limit 256"),
                new Case("truncated", Arrays.copyOf(new TarBuilder().file("b0.cls", "1")
                        .file("b0.webp", new byte[5000]).bytes(), 1024 + 2000), "b0", "truncated"));
        List<Runnable> checks = new ArrayList<>();
        for (Case c : cases) {
            Path root = Files.createDirectories(dir.resolve(c.what().replace(' ', '_')));
            dir = root;
            dataset(good("s0", "0").bytes(), c.shard(), good("s9", "1").bytes());
            checks.add(() -> assertThatThrownBy(() -> read(root)).as(c.what()).isInstanceOf(DatasetException.class)
                    .hasMessageContaining("shard test/1.tar, sample '" + c.key() + "'")
                    .hasMessageContaining(c.message())
                    .satisfies(e -> assertThat(((DatasetException) e).key()).isEqualTo(c.key())));
            checks.add(() -> {
                int[] skipped = new int[1];
                assertThat(read(root, WdsOptions.defaults().withSkipBad(true), skipped)).as(c.what())
                        .containsExactly("test/0.tar:s0.webp=0", "test/2.tar:s9.webp=1");
                assertThat(skipped[0]).as(c.what()).isEqualTo(1);
            });
        }
        assertAll(checks.stream().map(c -> c::run));
    }

    @Test
    void skipBadCountsEverySampleLostInATruncatedShard() throws IOException {
        byte[] full = new TarBuilder().file("p0.webp", img("p0")).file("p1.webp", img("p1")).file("p1.cls", "1")
                .file("p2.cls", "2").file("p2.webp", new byte[3000]).file("p0.cls", "0").bytes();
        byte[] cut = Arrays.copyOf(full, 4 * 1024 + 512 + 1000); // p1 complete, p0 pending, p2 mid-image
        Path root = dataset(cut, good("s9", "1").bytes());
        int[] skipped = new int[1];
        List<String> samples = read(root, WdsOptions.defaults().withSkipBad(true), skipped);
        assertAll(
                () -> assertThat(samples).containsExactly("test/0.tar:p1.webp=1", "test/1.tar:s9.webp=1"),
                () -> assertThat(skipped[0]).isEqualTo(2));
    }

    @Test
    void oversizedImageIsABadSample() throws IOException {
        Path root = dataset(new TarBuilder().file("big.webp", new byte[4000]).file("big.cls", "1")
                .file("ok.webp", img("ok")).file("ok.cls", "2").bytes());
        WdsOptions small = new WdsOptions(1000, 10_000, false);
        int[] skipped = new int[1];
        assertAll(
                () -> assertThatThrownBy(() -> read(root, small, new int[1])).isInstanceOf(DatasetException.class)
                        .hasMessageContaining("sample 'big'").hasMessageContaining("4000 bytes (limit 1000)"),
                () -> assertThat(read(root, small.withSkipBad(true), skipped)).containsExactly("test/0.tar:ok.webp=2"),
                () -> assertThat(skipped[0]).isEqualTo(1));
    }

    @Test
    void pendingLimitBoundsMemberReordering() throws IOException {
        TarBuilder tar = new TarBuilder();
        for (int i = 0; i < 5; i++) {
            tar.file("k" + i + ".webp", new byte[600]);
        }
        for (int i = 0; i < 5; i++) {
            tar.file("k" + i + ".cls", "1");
        }
        Path root = dataset(tar.bytes());
        assertAll(
                () -> assertThatThrownBy(() -> read(root, new WdsOptions(1000, 2000, true), new int[1]))
                        .isInstanceOf(DatasetException.class).hasMessageContaining("limit 2000"),
                () -> assertThat(read(root, new WdsOptions(1000, 3000, false), new int[1])).hasSize(5));
    }

    @Test
    void layoutErrorsNameTheFile() throws IOException {
        Path root = dataset(good("s0", "0").bytes());
        Path split = root.resolve("test");
        List<Runnable> checks = new ArrayList<>();
        checks.add(() -> assertThatThrownBy(() -> WdsDataset.open(root, "train")).hasMessageContaining("nshards.txt")
                .hasMessageContaining("'train'"));
        checks.add(() -> assertThatThrownBy(() -> WdsDataset.open(root, "../test")).hasMessageContaining("bad split"));
        checks.add(() -> assertThatThrownBy(() -> WdsDataset.open(root.resolve("nope"), "test"))
                .hasMessageContaining("does not exist"));
        assertAll(checks.stream().map(c -> c::run));

        Files.writeString(split.resolve("nshards.txt"), "3");
        assertThatThrownBy(() -> WdsDataset.open(root, "test")).isInstanceOf(DatasetException.class)
                .hasMessageContaining("[1.tar, 2.tar] are missing");
        Files.writeString(split.resolve("nshards.txt"), "zero");
        assertThatThrownBy(() -> WdsDataset.open(root, "test")).hasMessageContaining("positive shard count");
        // a ten-byte file must not make the reader build and stat 10^8 paths
        for (String claim : List.of("100000000", "2147483647", "9223372036854775807")) {
            Files.writeString(split.resolve("nshards.txt"), claim);
            long start = System.nanoTime();
            assertThatThrownBy(() -> WdsDataset.open(root, "test")).isInstanceOf(DatasetException.class)
                    .hasMessageContaining("nshards.txt says " + claim + " shards")
                    .hasMessageContaining("1 N.tar file(s) present");
            assertThat((System.nanoTime() - start) / 1e9).as(claim).isLessThan(1.0);
        }
        Files.writeString(split.resolve("nshards.txt"), "1" + " ".repeat(100));
        assertThatThrownBy(() -> WdsDataset.open(root, "test")).hasMessageContaining("bytes; expected a shard count");
        Files.writeString(split.resolve("nshards.txt"), "1");

        Files.writeString(root.resolve("classnames.txt"), "cat\n\ndog\n");
        assertThatThrownBy(() -> WdsDataset.open(root, "test")).hasMessageContaining("classnames.txt")
                .hasMessageContaining("line 2 is empty");
        Files.write(root.resolve("classnames.txt"), new byte[] {'c', (byte) 0xff, '\n'});
        assertThatThrownBy(() -> WdsDataset.open(root, "test")).hasMessageContaining("not valid UTF-8");
        Files.writeString(root.resolve("classnames.txt"), "\uFEFFcat\r\n dog \t\r\ngroße Möwe\r\n\r\n");
        assertThat(WdsDataset.open(root, "test").classNames()).containsExactly("cat", "dog", "große Möwe");
        Files.delete(root.resolve("zeroshot_classification_templates.txt"));
        assertThatThrownBy(() -> WdsDataset.open(root, "test")).hasMessageContaining("missing prompt templates file");
    }

    @Test
    void streamClosesItsShard() throws IOException {
        Path root = dataset(good("s0", "0", "s1", "1").bytes(), good("s2", "2").bytes());
        try (Stream<Sample> samples = WdsDataset.open(root, "test").samples()) {
            assertThat(samples.map(Sample::key).collect(Collectors.toList())).containsExactly("s0", "s1", "s2");
        }
    }
}

package io.clipj.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipj.weights.npy.Npy;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code embed} on a 3-shard caption WebDataset rebuilt from {@code shared/wds/captions-sample} (12 good samples
 * and its broken JPEG) with {@code golden/tiny}, against the reference embeddings and CLIP scores made by
 * OpenAI's code. One local[2] session for the class; the command uses it as spark-submit's would be used.
 */
class SparkEmbedCommandTest {

    /** Two large PNGs are left out to keep the test short; the rest is split into three shards. */
    private static final Set<String> LEFT_OUT = Set.of("000000000", "000010002");
    private static final double MIN_SCORE = 0.2;

    @TempDir
    static Path tmp;

    static SparkSession spark;
    static Path shards;
    static Path model;
    static Map<String, Integer> refRow = new HashMap<>();
    static Npy.Array refImg;
    static Npy.Array refText;
    static List<Double> refScore = new ArrayList<>();
    static Set<String> refFailed = new HashSet<>();
    /** Keys written to the shards, in order. */
    static List<String> keys = new ArrayList<>();

    record Run(int exit, String out, String err) {
        String lastLine() {
            List<String> lines = out.lines().toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }
    }

    @BeforeAll
    static void setUp() throws IOException {
        Path sample = TestShards.assets().resolve("wds/captions-sample");
        model = TestShards.assets().resolve("golden/tiny");
        JsonNode ref = new ObjectMapper().readTree(sample.resolve("reference/reference.json").toFile());
        for (int i = 0; i < ref.get("keys").size(); i++) {
            refRow.put(ref.get("keys").get(i).asText(), i);
            refScore.add(ref.get("clip_score").get(i).asDouble());
        }
        ref.get("failed").forEach(k -> refFailed.add(k.asText()));
        refImg = Npy.read(sample.resolve("reference/img_emb.npy"));
        refText = Npy.read(sample.resolve("reference/text_emb.npy"));

        Map<String, List<TestShards.Member>> samples = TestShards.samples(
                List.of(sample.resolve("shards/00000.tar"), sample.resolve("shards/00001.tar")));
        List<List<TestShards.Member>> kept = new ArrayList<>();
        samples.forEach((key, members) -> {
            if (!LEFT_OUT.contains(key)) {
                keys.add(key);
                kept.add(members);
            }
        });
        shards = Files.createDirectories(tmp.resolve("shards"));
        int[] cuts = {0, 5, 9, kept.size()};
        for (int s = 0; s < 3; s++) {
            List<TestShards.Member> members = new ArrayList<>();
            kept.subList(cuts[s], cuts[s + 1]).forEach(members::addAll);
            TestShards.write(shards.resolve(String.format("%05d.tar", s)), members);
        }
        spark = SparkSession.builder().master("local[2]").appName("clip-spark test")
                .config("spark.ui.enabled", "false").getOrCreate();
    }

    @AfterAll
    static void tearDown() {
        if (spark != null) {
            spark.stop();
        }
    }

    static Run embed(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = SparkCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] full = new String[args.length + 1];
        full[0] = "embed";
        System.arraycopy(args, 0, full, 1, args.length);
        int exit = cli.execute(full);
        return new Run(exit, out.toString(), err.toString());
    }

    static Run embedAll(Path out) {
        return embed("--master", "local[2]", "--model", model.toString(), "--input", shards.toString(),
                "--out", out.toString(), "--min-score", String.valueOf(MIN_SCORE));
    }

    static String expectedLine(int embedded, int done, List<Integer> shardIndexes) {
        long n = 0;
        long f = 0;
        int[] cuts = {0, 5, 9, keys.size()};
        for (int s : shardIndexes) {
            for (String k : keys.subList(cuts[s], cuts[s + 1])) {
                if (refFailed.contains(k)) {
                    f++;
                } else {
                    n++;
                }
            }
        }
        return "embed: 3 shards (" + embedded + " embedded, " + done + " already done), " + n + " samples, " + f + " failed";
    }

    @Test
    void embedsEveryShardAsTheReferenceDoes(@TempDir Path out) throws IOException {
        Run run = embedAll(out);

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.lastLine()).isEqualTo(expectedLine(3, 0, List.of(0, 1, 2)))
                .isEqualTo("embed: 3 shards (3 embedded, 0 already done), 12 samples, 1 failed");
        assertMatchesReference(out);
    }

    @Test
    void rerunEmbedsOnlyTheShardWhoseOutputIsMissing(@TempDir Path out) throws IOException {
        assertThat(embedAll(out).exit()).isZero();
        Files.delete(out.resolve("img_emb/img_emb_1.npy"));

        Run rerun = embedAll(out);

        assertThat(rerun.exit()).as(rerun.err()).isZero();
        assertThat(rerun.lastLine()).isEqualTo(expectedLine(1, 2, List.of(1))).contains("(1 embedded, 2 already done)");
        assertMatchesReference(out);
        assertThat(embedAll(out).lastLine()).isEqualTo(expectedLine(0, 3, List.of()));
    }

    @Test
    void aRetriedTaskReplacesItsFilesAndAddsNone(@TempDir Path out) throws IOException {
        EmbedSpec spec = new EmbedSpec(model.toString(), out.toString(), MIN_SCORE, 32, 1 << 26);
        ShardTask task = new ShardTask(spec, new HadoopConf(EmbedJob.withoutChecksumFiles(spark.sparkContext().hadoopConfiguration())));
        ShardTask.Input shard = new ShardTask.Input(2, shards.resolve("00002.tar").toUri().toString());

        ShardResult first = task.call(shard);
        Set<Path> files = files(out);
        ShardResult second = task.call(shard);

        assertThat(second).isEqualTo(first);
        assertThat(files(out)).isEqualTo(files).hasSize(5).allMatch(p -> p.getFileName().toString().contains("_2."));
    }

    @Test
    void aMissingInputIsOneLineAndWritesNothing(@TempDir Path out) {
        Run run = embed("--model", model.toString(), "--input", tmp.resolve("nope").toString(), "--out",
                out.resolve("o").toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().lines()).containsExactly("clip-spark embed: error: --input " + tmp.resolve("nope")
                + ": no such file or directory");
        assertThat(out.resolve("o")).doesNotExist();
    }

    @Test
    void aMissingModelIsOneLine(@TempDir Path out) {
        Run run = embed("--model", tmp.resolve("no-model").toString(), "--input", shards.toString(), "--out",
                out.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().lines()).containsExactly("clip-spark embed: error: --model " + tmp.resolve("no-model")
                + ": no such directory");
    }

    @Test
    void aTruncatedShardIsNamedAndTheOthersAreDone(@TempDir Path dir) throws IOException {
        Path input = Files.createDirectories(dir.resolve("in"));
        Files.copy(shards.resolve("00000.tar"), input.resolve("a.tar"));
        byte[] whole = Files.readAllBytes(shards.resolve("00001.tar"));
        Files.write(input.resolve("b.tar"), java.util.Arrays.copyOf(whole, whole.length / 2));

        Run run = embed("--model", model.toString(), "--input", input.toString(), "--out", dir.resolve("out").toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().lines()).singleElement().asString().startsWith("clip-spark embed: error: ")
                .contains("b.tar").contains("truncated").contains("1 other shards embedded");
        assertThat(run.out()).isEmpty();
        assertThat(files(dir.resolve("out"))).hasSize(4).allMatch(p -> p.getFileName().toString().contains("_0."));
    }

    private static Set<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return new HashSet<>(s.filter(Files::isRegularFile)
                    .map(dir::relativize).toList());
        }
    }

    /** Every shard's embeddings, scores, failed and filtered rows equal the reference's for its keys. */
    private static void assertMatchesReference(Path out) throws IOException {
        List<String> allKeys = new ArrayList<>();
        Set<String> failed = new HashSet<>();
        Set<String> filtered = new HashSet<>();
        for (int s = 0; s < 3; s++) {
            List<Row> meta = spark.read().parquet(out.resolve("metadata/metadata_" + s + ".parquet").toString())
                    .collectAsList();
            Npy.Array img = Npy.read(out.resolve("img_emb/img_emb_" + s + ".npy"));
            Npy.Array text = Npy.read(out.resolve("text_emb/text_emb_" + s + ".npy"));
            assertThat(img.shape()).containsExactly(meta.size(), refImg.shape()[1]);
            assertThat(text.shape()).containsExactly(meta.size(), refText.shape()[1]);
            for (int r = 0; r < meta.size(); r++) {
                String key = meta.get(r).getAs("key");
                allKeys.add(key);
                int ref = refRow.get(key);
                for (int d = 0; d < img.shape()[1]; d++) {
                    assertThat(img.get(r, d)).as("img %s[%d]", key, d).isCloseTo(refImg.get(ref, d), within(1e-4f));
                    assertThat(text.get(r, d)).as("text %s[%d]", key, d).isCloseTo(refText.get(ref, d), within(1e-4f));
                }
                float score = meta.get(r).getAs("clip_score");
                assertThat((double) score).as("clip_score %s", key).isCloseTo(refScore.get(ref), within(1e-4));
            }
            spark.read().parquet(out.resolve("failed/failed_" + s + ".parquet").toString()).collectAsList()
                    .forEach(row -> failed.add(row.getAs("key")));
            spark.read().parquet(out.resolve("filtered/filtered_" + s + ".parquet").toString()).collectAsList()
                    .forEach(row -> filtered.add(row.getAs("key")));
        }
        List<String> good = keys.stream().filter(k -> !refFailed.contains(k)).toList();
        assertThat(allKeys).isEqualTo(good);
        assertThat(failed).isEqualTo(refFailed);
        Set<String> expectedFiltered = new HashSet<>();
        good.forEach(k -> {
            if (refScore.get(refRow.get(k)) >= MIN_SCORE) {
                expectedFiltered.add(k);
            }
        });
        assertThat(filtered).isEqualTo(expectedFiltered).isNotEmpty().hasSizeLessThan(good.size());
        assertThat(out.resolve(ShardOutputs.TEMPORARY)).doesNotExist();
    }
}

package io.clipj.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code embed --master M --model MODEL --input SHARDS --out OUT [--min-score X]}: image and caption
 * embeddings and CLIP scores of img2dataset WebDataset shards in clip-retrieval's output layout
 * ({@link ShardOutputs}), one Spark task per shard, resumable. The last stdout line is
 * {@code embed: S shards (E embedded, K already done), N samples, F failed}, counting this run's work.
 *
 * <p>Inside {@code spark-submit} (or with a Spark application already active in this JVM) it is used and left
 * running; otherwise one is started on {@code --master} and stopped at the end.
 */
@Command(name = "embed", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Embed WebDataset shards (images and captions, CLIP scores) on Spark, one task per shard.")
public final class SparkEmbedCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--master", paramLabel = "M",
            description = "Spark master (default: spark-submit's, else local[*]).")
    String master;

    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "HuggingFace-layout model directory: local (on every node) or a Hadoop URI (hdfs://, s3a://).")
    String model;

    @Option(names = "--input", required = true, paramLabel = "SHARDS",
            description = "WebDataset .tar shards: a directory, a file or a glob, on any Hadoop file system.")
    String input;

    @Option(names = "--out", required = true, paramLabel = "OUT",
            description = "Output directory (img_emb/, text_emb/, metadata/, failed/, filtered/).")
    String out;

    @Option(names = "--min-score", paramLabel = "X",
            description = "Also write filtered/filtered_i.parquet: samples whose CLIP score is at least X.")
    Double minScore;

    @Option(names = "--batch-size", defaultValue = "32", paramLabel = "N",
            description = "Images or texts per model call (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--max-image-bytes", defaultValue = "67108864", paramLabel = "B",
            description = "Largest image member read; a larger one fails its sample (default: ${DEFAULT-VALUE}).")
    long maxImageBytes;

    @Override
    public Integer call() throws IOException {
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size " + batchSize + ": must be positive");
        }
        if (maxImageBytes < 1 || maxImageBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("--max-image-bytes " + maxImageBytes + ": must be in 1.." + (Integer.MAX_VALUE - 8));
        }
        if (minScore != null && !Double.isFinite(minScore)) {
            throw new IllegalArgumentException("--min-score " + minScore + ": must be a finite number");
        }
        if (!ClipHolder.isRemote(model) && !Files.isDirectory(java.nio.file.Path.of(model.replaceFirst("^file:", "")))) {
            throw new IllegalArgumentException("--model " + model + ": no such directory");
        }
        boolean ownSpark = SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = ownSpark ? startSpark() : SparkSession.active(); // SparkSession: Spark's own API name
        try {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            List<String> shards = EmbedJob.listShards(input, sc.hadoopConfiguration());
            if (sc.isLocal()) {
                // executors share this JVM: load now, so a bad model is one error before anything is written
                ClipHolder.get(model, batchSize, sc.hadoopConfiguration());
            }
            checkOut(sc);
            EmbedSpec job = new EmbedSpec(model, out, minScore, batchSize, maxImageBytes);
            EmbedJob.Summary summary = EmbedJob.run(sc, job, shards);
            if (!summary.errors().isEmpty()) {
                ShardResult first = summary.errors().get(0);
                int more = summary.errors().size() - 1;
                throw new IllegalStateException(first.shard() + ": " + first.error()
                        + (more > 0 ? " (and " + more + " more unreadable shards)" : "")
                        + "; nothing written for " + (more > 0 ? "them" : "it") + ", " + summary.embedded()
                        + " other shards embedded");
            }
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.println(summary.line());
            stdout.flush();
            return 0;
        } finally {
            if (ownSpark) {
                spark.stop();
            }
        }
    }

    private SparkSession startSpark() {
        String m = master != null ? master : System.getProperty("spark.master", "local[*]");
        SparkSession.Builder builder = SparkSession.builder().appName("clipj embed").master(m)
                .config("spark.ui.showConsoleProgress", "false");
        if (m.startsWith("local")) {
            builder.config("spark.ui.enabled", "false");
        }
        return builder.getOrCreate();
    }

    private void checkOut(JavaSparkContext sc) throws IOException {
        Path path = new Path(out);
        FileSystem fs = path.getFileSystem(sc.hadoopConfiguration());
        if (fs.exists(path)) {
            FileStatus status = fs.getFileStatus(path);
            if (!status.isDirectory()) {
                throw new IllegalArgumentException("--out " + out + ": exists and is not a directory");
            }
        } else if (!fs.mkdirs(path)) {
            throw new IllegalArgumentException("--out " + out + ": cannot create the directory");
        }
    }
}

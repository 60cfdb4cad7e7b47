package io.clipj.spark;

import io.clipj.data.DatasetException;
import io.clipj.internal.data.TarFormatException;
import io.clipj.weights.npy.Npy;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serial;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.Function;

/**
 * The Spark task of one shard: embeds it with the executor's shared {@link io.clipj.Clip} and commits its
 * output files ({@link ShardOutputs}). A shard whose tar is corrupt or truncated is reported in the
 * {@link ShardResult} with nothing written (retrying cannot mend it); an I/O error is thrown, so that Spark
 * retries the task, and the attempt's temporary files are deleted either way.
 *
 * <p>Serializable and stateless: Spark ships one copy to each task.
 */
final class ShardTask implements Function<ShardTask.Input, ShardResult> {

    @Serial
    private static final long serialVersionUID = 1L;

    /** One shard to embed: its position in sorted order and its path. */
    record Input(int index, String shard) implements java.io.Serializable {
    }

    private final EmbedSpec spec;
    private final HadoopConf conf;

    ShardTask(EmbedSpec spec, HadoopConf conf) {
        this.spec = spec;
        this.conf = conf;
    }

    @Override
    public ShardResult call(Input in) throws IOException {
        Configuration hadoop = conf.get();
        ClipHolder.Model model = ClipHolder.get(spec.model(), spec.batchSize(), hadoop);
        Path shard = new Path(in.shard());
        ShardEmbedder embedder = new ShardEmbedder(model, spec.batchSize(), in.shard());
        FileSystem inFs = shard.getFileSystem(hadoop);
        try (CaptionShardReader reader = new CaptionShardReader(
                new BufferedInputStream(inFs.open(shard), 1 << 20), in.shard(), spec.maxImageBytes())) {
            embedder.embedAll(reader);
        } catch (TarFormatException | DatasetException e) {
            return new ShardResult(in.index(), in.shard(), 0, 0, ShardEmbedder.oneLine(e));
        }

        Path out = new Path(spec.out());
        FileSystem outFs = out.getFileSystem(hadoop);
        ShardOutputs outputs = new ShardOutputs(out, spec.minScore() != null);
        ShardOutputs.Attempt attempt = outputs.attempt(outFs, in.index());
        try {
            int dim = embedder.dim();
            int n = embedder.imageRows.size();
            writeNpy(outFs, attempt.temporary(ShardOutputs.IMG_EMB), ShardEmbedder.flatten(embedder.imageRows, dim), n, dim);
            writeNpy(outFs, attempt.temporary(ShardOutputs.TEXT_EMB), ShardEmbedder.flatten(embedder.textRows, dim), n, dim);
            ParquetTables.writeMetadata(attempt.temporary(ShardOutputs.METADATA), hadoop, embedder.metadata);
            ParquetTables.writeFailed(attempt.temporary(ShardOutputs.FAILED), hadoop, embedder.failed);
            if (spec.minScore() != null) {
                ParquetTables.writeFiltered(attempt.temporary(ShardOutputs.FILTERED), hadoop, embedder.metadata,
                        spec.minScore());
            }
            attempt.commit();
        } finally {
            attempt.abort();
        }
        return new ShardResult(in.index(), in.shard(), embedder.metadata.size(), embedder.failed.size(), null);
    }

    private static void writeNpy(FileSystem fs, Path file, float[] data, int rows, int dim) throws IOException {
        try (OutputStream os = fs.create(file, true)) {
            Npy.write(os, data, rows, dim);
        }
    }
}

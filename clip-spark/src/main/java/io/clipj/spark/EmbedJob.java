package io.clipj.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The driver side of {@code embed}: lists the input shards (sorted; a shard's position names its outputs),
 * skips those whose outputs are all present, runs one task per remaining shard and adds up what they did.
 *
 * <p>Not thread-safe; one job per output directory at a time (a second job would remove the first one's
 * temporary files).
 */
final class EmbedJob {

    /** What a run did; {@code errors} lists shards that could not be read (nothing written for them). */
    record Summary(int shards, int embedded, int alreadyDone, long samples, long failed, List<ShardResult> errors) {

        /** The command's last stdout line. */
        String line() {
            return "embed: " + shards + " shards (" + embedded + " embedded, " + alreadyDone + " already done), "
                    + samples + " samples, " + failed + " failed";
        }
    }

    private EmbedJob() {
    }

    /**
     * A copy of {@code conf} whose local file system writes no {@code .crc} side files (Hadoop's default
     * {@code file:} system would put one beside every output).
     */
    static Configuration withoutChecksumFiles(Configuration conf) {
        Configuration copy = new Configuration(conf);
        copy.set("fs.file.impl", RawLocalFileSystem.class.getName());
        copy.setBoolean("fs.file.impl.disable.cache", true);
        return copy;
    }

    /**
     * The shards {@code input} names, in sorted order: a directory's {@code .tar} files, or the files a glob
     * ({@code s3a://bucket/shards/*.tar}) or a single path matches.
     *
     * @throws IllegalArgumentException naming {@code input} if it matches nothing
     */
    static List<String> listShards(String input, Configuration conf) throws IOException {
        Path path = new Path(input);
        FileSystem fs = path.getFileSystem(conf);
        FileStatus[] matches = fs.globStatus(path);
        if (matches == null || matches.length == 0) {
            throw new IllegalArgumentException("--input " + input + ": no such file or directory");
        }
        List<String> shards = new ArrayList<>();
        for (FileStatus match : matches) {
            if (match.isDirectory()) {
                for (FileStatus f : fs.listStatus(match.getPath())) {
                    if (f.isFile() && f.getPath().getName().endsWith(".tar")) {
                        shards.add(f.getPath().toString());
                    }
                }
            } else {
                shards.add(match.getPath().toString());
            }
        }
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("--input " + input + ": no .tar shards in it");
        }
        shards.sort(Comparator.naturalOrder());
        return shards;
    }

    /** Embeds every shard of {@code shards} not already done into {@code spec.out()}. */
    static Summary run(JavaSparkContext sc, EmbedSpec spec, List<String> shards) throws IOException {
        Configuration conf = withoutChecksumFiles(sc.hadoopConfiguration());
        Path out = new Path(spec.out());
        FileSystem fs = out.getFileSystem(conf);
        ShardOutputs outputs = new ShardOutputs(out, spec.minScore() != null);
        // left over by a killed run: never part of the outputs
        fs.delete(outputs.temporaryRoot(), true);
        Set<Integer> done = outputs.complete(fs, shards.size());
        List<ShardTask.Input> todo = new ArrayList<>();
        for (int i = 0; i < shards.size(); i++) {
            if (!done.contains(i)) {
                todo.add(new ShardTask.Input(i, shards.get(i)));
            }
        }
        List<ShardResult> results = todo.isEmpty() ? List.of()
                : sc.parallelize(todo, todo.size()).map(new ShardTask(spec, new HadoopConf(conf))).collect();
        fs.delete(outputs.temporaryRoot(), true);
        long samples = 0;
        long failed = 0;
        int embedded = 0;
        List<ShardResult> errors = new ArrayList<>();
        for (ShardResult r : results) {
            if (r.error() != null) {
                errors.add(r);
            } else {
                embedded++;
                samples += r.samples();
                failed += r.failed();
            }
        }
        errors.sort(Comparator.comparingInt(ShardResult::index));
        return new Summary(shards.size(), embedded, done.size(), samples, failed, errors);
    }
}

package io.clipj.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The output files of each shard in clip-retrieval's layout, and how they are committed: shard {@code i}'s
 * files are {@code OUT/img_emb/img_emb_i.npy}, {@code OUT/text_emb/text_emb_i.npy},
 * {@code OUT/metadata/metadata_i.parquet}, {@code OUT/failed/failed_i.parquet} and, with a minimum score,
 * {@code OUT/filtered/filtered_i.parquet}.
 *
 * <p>A task attempt writes them under {@code OUT/_clipj_temporary/i-ATTEMPT/} and, once all are written,
 * renames each onto its final name (replacing a file of an earlier, incomplete run). A shard is done when all
 * its final files exist. Final names depend only on the shard, never on the attempt, so a retried or
 * speculative attempt replaces files with identical ones and never adds a copy; a killed attempt leaves only
 * its temporary directory, which the next run removes.
 *
 * <p>Immutable and thread-safe; attempts are used by one thread.
 */
final class ShardOutputs {

    static final String IMG_EMB = "img_emb";
    static final String TEXT_EMB = "text_emb";
    static final String METADATA = "metadata";
    static final String FAILED = "failed";
    static final String FILTERED = "filtered";
    static final String TEMPORARY = "_clipj_temporary";

    private static final Pattern INDEX = Pattern.compile("^[a-z_]+_(\\d+)\\.(npy|parquet)$");

    private final Path out;
    private final boolean filtered;

    ShardOutputs(Path out, boolean filtered) {
        this.out = out;
        this.filtered = filtered;
    }

    /** The kinds of files every shard has (directory names, and their file names' prefix). */
    List<String> kinds() {
        return filtered ? List.of(METADATA, FAILED, FILTERED, TEXT_EMB, IMG_EMB)
                : List.of(METADATA, FAILED, TEXT_EMB, IMG_EMB);
    }

    static String fileName(String kind, int index) {
        boolean npy = kind.equals(IMG_EMB) || kind.equals(TEXT_EMB);
        return kind + "_" + index + (npy ? ".npy" : ".parquet");
    }

    /** Shard {@code index}'s final file of {@code kind}. */
    Path finalPath(String kind, int index) {
        return new Path(new Path(out, kind), fileName(kind, index));
    }

    Path temporaryRoot() {
        return new Path(out, TEMPORARY);
    }

    /** The indexes below {@code shards} whose every file is present: one listing per kind of file. */
    Set<Integer> complete(FileSystem fs, int shards) throws IOException {
        Set<Integer> done = null;
        for (String kind : kinds()) {
            Set<Integer> present = new HashSet<>();
            FileStatus[] files;
            try {
                files = fs.listStatus(new Path(out, kind));
            } catch (FileNotFoundException e) {
                files = new FileStatus[0];
            }
            for (FileStatus f : files) {
                Matcher m = INDEX.matcher(f.getPath().getName());
                if (f.isFile() && m.matches() && f.getPath().getName().startsWith(kind + "_")
                        && m.group(1).length() < 10 && Integer.parseInt(m.group(1)) < shards) {
                    present.add(Integer.parseInt(m.group(1)));
                }
            }
            if (done == null) {
                done = present;
            } else {
                done.retainAll(present);
            }
        }
        return done;
    }

    /** A new attempt at writing shard {@code index}'s files. */
    Attempt attempt(FileSystem fs, int index) {
        return new Attempt(fs, index, new Path(temporaryRoot(), index + "-" + UUID.randomUUID()));
    }

    /** One attempt's temporary files and their commit. */
    final class Attempt {
        private final FileSystem fs;
        private final int index;
        private final Path dir;

        private Attempt(FileSystem fs, int index, Path dir) {
            this.fs = fs;
            this.index = index;
            this.dir = dir;
        }

        /** Where this attempt writes its file of {@code kind}. */
        Path temporary(String kind) {
            return new Path(dir, fileName(kind, index));
        }

        /** Renames every written file onto its final name; the files must all have been written. */
        void commit() throws IOException {
            List<String> missing = new ArrayList<>();
            for (String kind : kinds()) {
                if (!fs.exists(temporary(kind))) {
                    missing.add(kind);
                }
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException("shard " + index + ": not written: " + missing);
            }
            for (String kind : kinds()) {
                Path target = finalPath(kind, index);
                fs.mkdirs(target.getParent());
                fs.delete(target, false);
                // false when a concurrent attempt renamed its identical file there first; that copy stands
                if (!fs.rename(temporary(kind), target) && !fs.exists(target)) {
                    throw new IOException("cannot rename " + temporary(kind) + " to " + target);
                }
            }
            abort();
        }

        /** Deletes this attempt's temporary files. */
        void abort() throws IOException {
            fs.delete(dir, true);
        }
    }
}

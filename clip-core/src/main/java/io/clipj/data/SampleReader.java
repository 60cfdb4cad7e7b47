package io.clipj.data;

import io.clipj.internal.data.ShardSampleReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Iterates the samples of a dataset split shard after shard ({@code 0.tar}, {@code 1.tar}, ...), opening one
 * shard at a time. Errors surface as {@link DatasetException} naming the shard and sample key.
 *
 * <p>After a {@link DatasetException} the reader should be closed: reading on would continue after the bad
 * member, which is rarely what a caller wants (use {@link WdsOptions#skipBad()} to skip bad samples).
 *
 * <p>Not thread-safe: iterate from one thread (or hand it to one worker, as {@link PrefetchPipeline} does).
 */
public final class SampleReader implements Iterator<Sample>, Closeable {

    private final Path root;
    private final List<Path> shards;
    private final int numClasses;
    private final WdsOptions options;
    private int nextShard;
    private ShardSampleReader current;
    private Sample lookahead;
    private int skippedInClosedShards;

    SampleReader(Path root, List<Path> shards, int numClasses, WdsOptions options) {
        this.root = root;
        this.shards = List.copyOf(shards);
        this.numClasses = numClasses;
        this.options = options;
    }

    @Override
    public boolean hasNext() {
        while (lookahead == null) {
            if (current == null) {
                if (nextShard == shards.size()) {
                    return false;
                }
                Path file = shards.get(nextShard++);
                String name = root.relativize(file).toString().replace('\\', '/');
                try {
                    current = new ShardSampleReader(file, name, numClasses, options);
                } catch (IOException e) {
                    throw new DatasetException(name, null, "cannot open shard: " + e, e);
                }
            }
            lookahead = current.next();
            if (lookahead == null) {
                closeCurrent();
            }
        }
        return true;
    }

    @Override
    public Sample next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more samples");
        }
        Sample sample = lookahead;
        lookahead = null;
        return sample;
    }

    /** Bad samples skipped so far (always 0 unless {@link WdsOptions#skipBad()}). */
    public int skipped() {
        return skippedInClosedShards + (current != null ? current.skipped() : 0);
    }

    @Override
    public void close() {
        closeCurrent();
        nextShard = shards.size();
    }

    private void closeCurrent() {
        if (current != null) {
            skippedInClosedShards += current.skipped();
            try {
                current.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                current = null;
            }
        }
    }
}

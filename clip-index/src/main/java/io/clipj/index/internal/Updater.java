package io.clipj.index.internal;

import io.clipj.Clip;
import io.clipj.Embeddings;
import io.clipj.image.ClipImageProcessor;
import io.clipj.index.IndexListener;
import io.clipj.index.IndexReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.Term;

/**
 * One incremental update run: scan, decode on a {@link Decoder} thread, embed batches on the calling thread,
 * write and delete documents, commit every {@code commitEvery} embedded images (so a crash loses at most that
 * tail, which the next run embeds again) and at the end.
 *
 * <p>Runs on one thread; the caller holds the index's write lock.
 */
public final class Updater {

    private final IndexWriter writer;
    private final Clip clip;
    private final ClipImageProcessor processor;
    private final Map<String, String> commitData;
    private final int commitEvery;

    public Updater(IndexWriter writer, Clip clip, ClipImageProcessor processor, Map<String, String> commitData,
                   int commitEvery) {
        this.writer = writer;
        this.clip = clip;
        this.processor = processor;
        this.commitData = commitData;
        this.commitEvery = commitEvery;
    }

    public IndexReport run(List<Path> roots, IndexListener listener) throws IOException {
        List<Scan.Source> sources = Scan.list(roots);
        Map<String, Entries.Stamp> existing;
        try (DirectoryReader reader = DirectoryReader.open(writer)) {
            existing = Entries.read(reader);
        }
        List<Scan.Source> files = new ArrayList<>();
        List<Scan.Source> shards = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Set<String> failed = new HashSet<>();
        int unchanged = 0;
        for (Scan.Source s : sources) {
            String path = s.path().toString();
            if (s.shard()) {
                shards.add(s);
            } else if (s.stamp().equals(existing.get(path))) {
                seen.add(path);
                unchanged++;
            } else {
                files.add(s);
            }
        }
        listener.started(files.size(), shards.size());
        BlockingQueue<Decoder.Message> queue = new ArrayBlockingQueue<>(2 * clip.options().batchSize());
        Thread decoder = new Thread(new Decoder(processor, files, shards, existing, queue), "clipj-index-decoder");
        decoder.setDaemon(true);
        decoder.start();
        int[] counts = new int[3]; // added, updated, failed
        List<Decoder.Pixels> batch = new ArrayList<>();
        int sinceCommit = 0;
        try {
            while (true) {
                Decoder.Message m = queue.take();
                if (m instanceof Decoder.End end) {
                    if (end.error() != null) {
                        throw end.error() instanceof IOException io ? io : new IOException(end.error());
                    }
                    break;
                } else if (m instanceof Decoder.Unchanged u) {
                    seen.add(u.path());
                    unchanged++;
                } else if (m instanceof Decoder.Failed f) {
                    failed.add(f.path()); // a stale entry of an unreadable file is deleted below, not counted
                    counts[2]++;
                    listener.failed(f.path(), f.message());
                    listener.progress(1);
                } else if (m instanceof Decoder.Pixels p) {
                    batch.add(p);
                    if (batch.size() == clip.options().batchSize()) {
                        sinceCommit += embed(batch, existing, seen, counts, listener);
                    }
                }
                if (sinceCommit >= commitEvery) {
                    commit();
                    sinceCommit = 0;
                }
            }
            embed(batch, existing, seen, counts, listener);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("index update interrupted", e);
        } finally {
            decoder.interrupt();
        }
        int removed = 0;
        for (String path : existing.keySet()) {
            if (!seen.contains(path) && roots.stream().anyMatch(r -> Scan.under(path, Scan.absolute(r)))) {
                writer.deleteDocuments(new Term(Entries.PATH, path));
                if (!failed.contains(path)) {
                    removed++;
                }
            }
        }
        commit();
        int entries = writer.getDocStats().numDocs;
        return new IndexReport(counts[0], counts[1], removed, unchanged, counts[2], entries);
    }

    private int embed(List<Decoder.Pixels> batch, Map<String, Entries.Stamp> existing, Set<String> seen,
                      int[] counts, IndexListener listener) throws IOException {
        if (batch.isEmpty()) {
            return 0;
        }
        float[][] pixels = new float[batch.size()][];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = batch.get(i).values();
        }
        float[][] vectors = Embeddings.normalize(clip.embedPixels(pixels)); // [B, D]
        for (int i = 0; i < vectors.length; i++) {
            Decoder.Pixels p = batch.get(i);
            writer.updateDocument(new Term(Entries.PATH, p.path()), Entries.document(p.path(), p.stamp(), vectors[i]));
            counts[existing.containsKey(p.path()) ? 1 : 0]++;
            seen.add(p.path());
        }
        int n = batch.size();
        batch.clear();
        listener.progress(n);
        return n;
    }

    private void commit() throws IOException {
        writer.setLiveCommitData(commitData.entrySet());
        writer.commit();
    }
}

package io.clipj.index;

import io.clipj.Clip;
import io.clipj.Embeddings;
import io.clipj.image.ClipImageProcessor;
import io.clipj.index.internal.CodeScan;
import io.clipj.index.internal.Entries;
import io.clipj.index.internal.Hit;
import io.clipj.index.internal.ModelIdentity;
import io.clipj.index.internal.Updater;
import io.clipj.index.internal.VectorFormat;
import io.clipj.index.internal.VectorSearch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * An embedded index of CLIP image embeddings in a directory (Apache Lucene): {@link #update} adds and refreshes
 * the images under some roots incrementally and crash-safely; {@link #search} ranks them against a text, image
 * or combined {@link SearchQuery} by cosine similarity. The model is recorded in the index; opening it with
 * another model fails with {@link ModelMismatchException}.
 *
 * <pre>{@code
 * try (Clip clip = Clip.load(modelDir); ClipIndex index = ClipIndex.create(dir, clip, modelDir, "my-model")) {
 *     IndexReport r = index.update(List.of(Path.of("photos")), IndexListener.NONE);
 *     List<SearchHit> top = index.search(SearchQuery.parse(List.of("a cat", "-", "0.5:indoors")), 10);
 * }
 * }</pre>
 *
 * <p>Thread-safe: {@link #search} may run from any number of threads, also while an {@link #update} runs
 * (searches see the last commit); updates are serialised. A search of a large index spreads its scan over
 * one daemon thread per core ({@code clipj-search-N}); the codes it scans are built on another
 * ({@code clipj-codes-1}), and until they are, searches are exact. Both are owned by this object and stopped
 * by {@link #close}. Another process may search the directory while
 * one process updates it; two processes cannot update it at once (Lucene's write lock).
 */
public final class ClipIndex implements AutoCloseable {

    /**
     * Below this many entries, search compares the query with every vector (exact; about 25-40 ms at 100,000);
     * from there on it scans compact codes of the vectors and rescores the best exactly ({@link CodeScan};
     * docs/search.md).
     */
    static final int EXACT_BELOW = 100_000;
    /** Embedded images between commits: what a crash can lose at most. */
    public static final int DEFAULT_COMMIT_EVERY = 256;

    private final Directory directory;
    private final Path dir;
    private final Clip clip;
    private final Path modelDir;
    private final ModelIdentity identity;
    private final ExecutorService searchThreads;
    private final ExecutorService codeBuilder;
    private final CodeScan codeScan;
    private final SearcherManager searchers;
    private int exactBelow = EXACT_BELOW;

    private ClipIndex(Directory directory, Path dir, Clip clip, Path modelDir, ModelIdentity identity)
            throws IOException {
        this.directory = directory;
        this.dir = dir;
        this.clip = clip;
        this.modelDir = modelDir;
        this.identity = identity;
        int cores = Runtime.getRuntime().availableProcessors();
        this.searchThreads = Executors.newFixedThreadPool(cores, new SearchThreads("clipj-search-"));
        this.codeBuilder = Executors.newSingleThreadExecutor(new SearchThreads("clipj-codes-"));
        this.codeScan = new CodeScan(searchThreads, cores);
        try {
            this.searchers = new SearcherManager(directory, new SearcherFactory() {
                @Override
                public IndexSearcher newSearcher(IndexReader reader, IndexReader previous) {
                    if (reader.numDocs() >= exactBelow) {
                        codeScan.codes().warmInBackground(reader, Entries.VECTOR, codeBuilder);
                    }
                    return new IndexSearcher(reader, searchThreads);
                }
            });
        } catch (IOException | RuntimeException e) {
            searchThreads.shutdown();
            codeBuilder.shutdown();
            throw e;
        }
    }

    /**
     * Opens the index in {@code dir}, creating it (recording {@code modelName}) if there is none.
     *
     * @param modelDir  the model's directory (its preprocessor configuration decodes images)
     * @param modelName how to name the model later (a directory or Hub id): the default for searches
     * @throws ModelMismatchException if the index was built with another model
     */
    public static ClipIndex create(Path dir, Clip clip, Path modelDir, String modelName) throws IOException {
        Files.createDirectories(dir);
        Directory directory = FSDirectory.open(dir);
        try {
            ModelIdentity mine = ModelIdentity.of(clip, modelName);
            if (!DirectoryReader.indexExists(directory)) {
                try (IndexWriter w = new IndexWriter(directory, writerConfig())) {
                    w.setLiveCommitData(mine.userData().entrySet());
                    w.commit();
                }
            }
            return new ClipIndex(directory, dir, clip, modelDir, check(dir, directory, mine));
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
    }

    /**
     * Opens the existing index in {@code dir} for searching with {@code clip}.
     *
     * @throws NoSuchFileException if there is no index in {@code dir}
     * @throws ModelMismatchException if the index was built with another model
     */
    public static ClipIndex open(Path dir, Clip clip, Path modelDir) throws IOException {
        Directory directory = openExisting(dir);
        try {
            return new ClipIndex(directory, dir, clip, modelDir, check(dir, directory, ModelIdentity.of(clip, "")));
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
    }

    /** The model name recorded in the index in {@code dir} (a directory or Hub id). */
    public static String recordedModel(Path dir) throws IOException {
        try (Directory directory = openExisting(dir); DirectoryReader r = DirectoryReader.open(directory)) {
            ModelIdentity id = ModelIdentity.fromUserData(r.getIndexCommit().getUserData());
            if (id == null) {
                throw new IOException(dir + ": not a clipj index (no model recorded)");
            }
            return id.name();
        }
    }

    private static Directory openExisting(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no index here (run index first)");
        }
        Directory directory = FSDirectory.open(dir);
        if (!DirectoryReader.indexExists(directory)) {
            directory.close();
            throw new NoSuchFileException(dir.toString(), null, "no index here (run index first)");
        }
        return directory;
    }

    private static ModelIdentity check(Path dir, Directory directory, ModelIdentity mine) throws IOException {
        try (DirectoryReader r = DirectoryReader.open(directory)) {
            ModelIdentity recorded = ModelIdentity.fromUserData(r.getIndexCommit().getUserData());
            if (recorded == null) {
                throw new IOException(dir + ": not a clipj index (no model recorded)");
            }
            if (!recorded.sameModel(mine)) {
                throw new ModelMismatchException(dir + ": the index was built with model '" + recorded.name()
                        + "' (" + recorded.fingerprint().length + "-d); the given model embeds differently ("
                        + mine.fingerprint().length + "-d). Search without --model, or index into a new directory");
            }
            return recorded;
        }
    }

    private static IndexWriterConfig writerConfig() {
        return new IndexWriterConfig().setCodec(VectorFormat.DEFAULT.codec()).setRAMBufferSizeMB(256);
    }

    /** The model name recorded in this index. */
    public String modelName() {
        return identity.name();
    }

    /** Entries in the last commit. */
    public int size() throws IOException {
        IndexSearcher s = searchers.acquire();
        try {
            return s.getIndexReader().numDocs();
        } finally {
            searchers.release(s);
        }
    }

    /** {@link #update(List, int, IndexListener)} committing every {@value #DEFAULT_COMMIT_EVERY} images. */
    public IndexReport update(List<Path> roots, IndexListener listener) throws IOException {
        return update(roots, DEFAULT_COMMIT_EVERY, listener);
    }

    /**
     * Brings the entries under {@code roots} (image files, folders recursively, WebDataset {@code *.tar} shards)
     * up to date: embeds new and changed images (size or modification time), removes entries gone from the
     * roots, reports unreadable images to {@code listener} and goes on.
     *
     * @throws IOException if a root does not exist, the index cannot be written, or the model fails
     */
    public synchronized IndexReport update(List<Path> roots, int commitEvery, IndexListener listener)
            throws IOException {
        ClipImageProcessor processor = ClipImageProcessor.load(modelDir);
        try (IndexWriter writer = new IndexWriter(directory, writerConfig()
                .setOpenMode(IndexWriterConfig.OpenMode.APPEND))) {
            IndexReport report = new Updater(writer, clip, processor, identity.userData(), commitEvery)
                    .run(roots, listener);
            searchers.maybeRefreshBlocking();
            return report;
        }
    }

    /** The {@code k} entries most similar to {@code query}, best first. */
    public List<SearchHit> search(SearchQuery query, int k) throws IOException {
        return search(queryVector(query), k);
    }

    /** The {@code k} entries most similar (cosine) to {@code vector}, best first. */
    public List<SearchHit> search(float[] vector, int k) throws IOException {
        if (k < 1) {
            throw new IllegalArgumentException("top k must be at least 1, got " + k);
        }
        float[] unit = Embeddings.normalize(vector);
        searchers.maybeRefresh();
        IndexSearcher s = searchers.acquire();
        try {
            IndexReader reader = s.getIndexReader();
            List<Hit> hits;
            if (reader.numDocs() >= exactBelow && codeScan.codes().ready(reader)) {
                hits = codeScan.search(reader, Entries.VECTOR, unit, k);
            } else {
                // Exact until the codes are built (seconds for a million entries, in the background): a
                // one-off search, as from the command line, does not wait for them.
                if (reader.numDocs() >= exactBelow) {
                    codeScan.codes().warmInBackground(reader, Entries.VECTOR, codeBuilder);
                }
                hits = VectorSearch.exact(reader, Entries.VECTOR, unit, k);
            }
            List<SearchHit> out = new ArrayList<>(hits.size());
            for (Hit h : hits) {
                out.add(new SearchHit(out.size() + 1, Entries.path(reader, h.doc()), h.score()));
            }
            return out;
        } finally {
            searchers.release(s);
        }
    }

    /** The query vector {@code sum(±w · normalize(embedding(term)))}, not normalised. */
    public float[] queryVector(SearchQuery query) throws IOException {
        float[] sum = new float[clip.embeddingDim()];
        for (SearchQuery.Term t : query.terms()) {
            float[] e = t.image() ? clip.embedImageFiles(List.of(Path.of(t.value())))[0]
                    : clip.embedTexts(List.of(t.value()))[0];
            float[] unit = Embeddings.normalize(e);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += t.weight() * unit[i];
            }
        }
        double norm = Math.sqrt(Embeddings.dot(sum, sum));
        if (norm < 1e-6) {
            throw new IllegalArgumentException("query: the terms cancel out (the query vector is zero)");
        }
        return sum;
    }

    /** For tests: the size from which search scans codes instead of every vector. */
    void exactBelow(int n) {
        exactBelow = n;
    }

    /** For tests: whether searches of the last commit scan codes (they are built and the index is large). */
    boolean scansCodes() throws IOException {
        IndexSearcher s = searchers.acquire();
        try {
            return s.getIndexReader().numDocs() >= exactBelow && codeScan.codes().ready(s.getIndexReader());
        } finally {
            searchers.release(s);
        }
    }

    /** Closes the index files; the {@link Clip} stays open (the caller owns it). */
    @Override
    public void close() throws IOException {
        try {
            searchers.close();
        } finally {
            searchThreads.shutdown();
            codeBuilder.shutdown();
            directory.close();
        }
    }

    @Override
    public String toString() {
        return "ClipIndex[" + dir + ", model " + identity.name() + "]";
    }

    static Map<String, String> userData(Path dir) throws IOException {
        try (Directory d = openExisting(dir); DirectoryReader r = DirectoryReader.open(d)) {
            return r.getIndexCommit().getUserData();
        }
    }

    /** Daemon threads, so an application that never closes an index still exits. */
    private static final class SearchThreads implements ThreadFactory {
        private final String prefix;
        private final AtomicInteger count = new AtomicInteger();

        SearchThreads(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, prefix + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}

package io.clipj.index.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.VectorUtil;

/**
 * Nearest neighbours of a unit query vector among the unit vectors of one field: exactly (every vector's dot
 * product, for small indexes) or through the HNSW graph; {@link CodeScan} is the third way. All return cosine similarities computed the same way, best first, ties broken by document id.
 *
 * <p>Stateless; thread-safe when the searcher is (Lucene's searchers are).
 */
public final class VectorSearch {

    /** Ranking: higher score first, then lower document id. */
    public static final Comparator<Hit> RANKING =
            Comparator.comparingDouble((Hit h) -> -h.score()).thenComparingInt(Hit::doc);

    private VectorSearch() {
    }

    /**
     * Exact search: the dot product of {@code query} with every live vector of {@code field}.
     *
     * @param query unit vector, {@code [D]}
     */
    public static List<Hit> exact(IndexReader reader, String field, float[] query, int k) throws IOException {
        PriorityQueue<Hit> worst = new PriorityQueue<>(k + 1, RANKING.reversed());
        for (LeafReaderContext leaf : reader.leaves()) {
            LeafReader r = leaf.reader();
            FloatVectorValues values = r.getFloatVectorValues(field);
            if (values == null) {
                continue;
            }
            Bits live = r.getLiveDocs();
            for (int doc = values.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = values.nextDoc()) {
                if (live != null && !live.get(doc)) {
                    continue;
                }
                offer(worst, new Hit(leaf.docBase + doc, VectorUtil.dotProduct(query, values.vectorValue())), k);
            }
        }
        return best(worst);
    }

    /** Keeps {@code hit} in {@code worst} (the best {@code k} so far, worst on top) if it ranks among them. */
    static void offer(PriorityQueue<Hit> worst, Hit hit, int k) {
        if (worst.size() < k) {
            worst.add(hit);
        } else if (RANKING.compare(hit, worst.peek()) < 0) {
            worst.poll();
            worst.add(hit);
        }
    }

    /** The hits of {@code worst}, best first. */
    static List<Hit> best(PriorityQueue<Hit> worst) {
        List<Hit> hits = new ArrayList<>(worst);
        hits.sort(RANKING);
        return hits;
    }

    /**
     * Approximate search through each segment's HNSW graph with {@code ef} candidates per segment (segments
     * run on the searcher's executor); every candidate is rescored with the exact dot product of the stored
     * float vectors (the graph's scores may come from quantised vectors) and the {@code k} best are returned,
     * so scores equal {@link #exact}'s for the same documents.
     */
    public static List<Hit> hnsw(IndexSearcher searcher, String field, float[] query, int k, int ef)
            throws IOException {
        int n = Math.max(k, ef);
        TopDocs top = searcher.search(new KnnFloatVectorQuery(field, query, n), n);
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        List<Hit> hits = new ArrayList<>(top.scoreDocs.length);
        for (ScoreDoc d : top.scoreDocs) {
            hits.add(new Hit(d.doc, exactScore(leaves, field, query, d.doc)));
        }
        hits.sort(RANKING);
        return hits.size() > k ? new ArrayList<>(hits.subList(0, k)) : hits;
    }

    private static float exactScore(List<LeafReaderContext> leaves, String field, float[] query, int doc) {
        try {
            LeafReaderContext leaf = leaves.get(org.apache.lucene.index.ReaderUtil.subIndex(doc, leaves));
            FloatVectorValues values = leaf.reader().getFloatVectorValues(field);
            int target = doc - leaf.docBase;
            if (values.advance(target) != target) {
                throw new IllegalStateException("document " + doc + " has no vector");
            }
            return VectorUtil.dotProduct(query, values.vectorValue());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

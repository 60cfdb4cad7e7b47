package io.clipj.index.internal;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.Bits;

/**
 * The document layout: one document per image entry with its key ({@code path}: an absolute file path or
 * {@code SHARD.tar#KEY}), the size and modification time of the file it was read from (the shard, for a
 * member), and its L2-normalised embedding in {@code vector} (dot product = cosine).
 *
 * <p>Stateless and thread-safe.
 */
public final class Entries {

    public static final String PATH = "path";
    public static final String VECTOR = "vector";
    static final String SIZE = "size";
    static final String MTIME = "mtime";

    /** Size and modification time (milliseconds) of an entry's file. */
    public record Stamp(long size, long mtime) {
    }

    private Entries() {
    }

    /** The document for one entry; {@code unitVector} must be L2-normalised. */
    public static Document document(String path, Stamp stamp, float[] unitVector) {
        Document doc = new Document();
        doc.add(new StringField(PATH, path, Field.Store.YES));
        doc.add(new StoredField(SIZE, stamp.size()));
        doc.add(new StoredField(MTIME, stamp.mtime()));
        doc.add(new KnnFloatVectorField(VECTOR, unitVector, VectorSimilarityFunction.DOT_PRODUCT));
        return doc;
    }

    /** Every live entry's path and stamp. */
    public static Map<String, Stamp> read(IndexReader reader) throws IOException {
        Map<String, Stamp> out = new HashMap<>();
        for (LeafReaderContext leaf : reader.leaves()) {
            StoredFields fields = leaf.reader().storedFields();
            Bits live = leaf.reader().getLiveDocs();
            for (int d = 0; d < leaf.reader().maxDoc(); d++) {
                if (live == null || live.get(d)) {
                    Document doc = fields.document(d);
                    out.put(doc.get(PATH), new Stamp(doc.getField(SIZE).numericValue().longValue(),
                            doc.getField(MTIME).numericValue().longValue()));
                }
            }
        }
        return out;
    }

    /** The path of global document {@code doc}. */
    public static String path(IndexReader reader, int doc) throws IOException {
        return reader.storedFields().document(doc).get(PATH);
    }
}

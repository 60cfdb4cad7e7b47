package io.clipj.index.internal;

import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;

/**
 * The HNSW graph settings of the {@code vector} field, and the codec that writes them.
 *
 * <p>The settings only matter when writing: a reader finds the format by its recorded name, so an index
 * written with other settings still opens. Why these values: docs/search.md (recall@10 and latency on 1M
 * random 512-d unit vectors, the hardest case for HNSW).
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxConn   neighbours per node ({@code M}); level 0 keeps twice as many
 * @param beamWidth candidates considered while inserting a node ({@code efConstruction})
 * @param ef        candidates kept while searching; the {@code k} best of them are returned
 */
public record VectorFormat(int maxConn, int beamWidth, int ef) {

    /** The settings every index is written and searched with. */
    public static final VectorFormat DEFAULT = new VectorFormat(32, 200, 200);

    public VectorFormat {
        if (maxConn < 2 || beamWidth < 1 || ef < 1) {
            throw new IllegalArgumentException("bad HNSW settings: M=" + maxConn + ", beamWidth=" + beamWidth
                    + ", ef=" + ef);
        }
    }

    /** The same graph settings searched with {@code ef} candidates. */
    public VectorFormat withEf(int newEf) {
        return new VectorFormat(maxConn, beamWidth, newEf);
    }

    /** Lucene's default codec with this graph for every vector field. */
    public Codec codec() {
        KnnVectorsFormat format = new Lucene99HnswVectorsFormat(maxConn, beamWidth);
        return new Lucene912Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return format;
            }
        };
    }
}

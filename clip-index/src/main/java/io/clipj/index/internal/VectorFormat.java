package io.clipj.index.internal;

import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;

/**
 * The HNSW graph settings of the {@code vector} field, and the codec that writes them.
 *
 * <p>The settings only matter when writing: a reader finds the format by its recorded name, so an index
 * written with other settings (earlier clipj wrote int7, M=32, beamWidth=200) still opens. clipj's own search
 * does not walk the graph ({@link CodeScan} and exact search measured faster on the hardest case,
 * docs/search.md); the graph is written so that the index stays a standard Lucene vector index that
 * Lucene's {@code KnnFloatVectorQuery} can search. The benchmark compares graph settings with it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxConn   neighbours per node ({@code M}); level 0 keeps twice as many
 * @param beamWidth candidates considered while inserting a node ({@code efConstruction})
 * @param ef        candidates kept per segment while searching ({@code k'}); all of them are rescored with
 *                  the exact float dot product and the {@code k} best returned
 * @param bits      {@code 32}: the graph is searched on the float vectors; {@code 7} or {@code 4}: on a
 *                  scalar-quantised copy (Lucene's int7/int4 format, the float vectors are kept for rescoring)
 */
public record VectorFormat(int maxConn, int beamWidth, int ef, int bits) {

    /**
     * The graph every index is written with: Lucene's default (M=16, beamWidth=100, float), the cheapest to
     * build of those measured (168 s per 100,000 vectors on 2 cores, against 1,352 s for int7 with M=32 and
     * beamWidth=200), since clipj does not search it. {@code ef} is what it needs for recall@10 of 0.875 on
     * 100,000 random unit vectors (docs/search.md).
     */
    public static final VectorFormat DEFAULT = new VectorFormat(16, 100, 2000, 32);

    public VectorFormat {
        if (maxConn < 2 || beamWidth < 1 || ef < 1 || (bits != 32 && bits != 7 && bits != 4)) {
            throw new IllegalArgumentException("bad HNSW settings: M=" + maxConn + ", beamWidth=" + beamWidth
                    + ", ef=" + ef + ", bits=" + bits);
        }
    }

    /** The same graph settings searched with {@code ef} candidates. */
    public VectorFormat withEf(int newEf) {
        return new VectorFormat(maxConn, beamWidth, newEf, bits);
    }

    /** Lucene's default codec with this graph for every vector field. */
    public Codec codec() {
        KnnVectorsFormat format = bits == 32
                ? new Lucene99HnswVectorsFormat(maxConn, beamWidth)
                : new Lucene99HnswScalarQuantizedVectorsFormat(maxConn, beamWidth, 1, bits, bits == 4, null, null);
        return new Lucene912Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return format;
            }
        };
    }
}

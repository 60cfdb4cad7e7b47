package io.clipj.index.internal;

/**
 * One nearest-neighbour result: a Lucene document id (global, in the searched reader) and its cosine
 * similarity with the query.
 *
 * @param doc   document id in the reader that was searched
 * @param score cosine similarity (dot product of unit vectors)
 */
public record Hit(int doc, float score) {
}

package io.clipj.index;

/**
 * One search result.
 *
 * @param rank  1 for the best match
 * @param path  the indexed entry: an absolute file path, or {@code SHARD.tar#KEY} for a WebDataset member
 * @param score cosine similarity of the entry's image embedding with the query vector
 */
public record SearchHit(int rank, String path, float score) {
}

/**
 * Semantic image search: {@link io.clipj.index.ClipIndex}, an embedded, incremental, crash-safe index of CLIP
 * image embeddings on Apache Lucene (HNSW vectors plus stored path, size and modification time), queried the
 * way rclip is: texts, images and weighted sums of both ({@link io.clipj.index.SearchQuery}).
 */
package io.clipj.index;

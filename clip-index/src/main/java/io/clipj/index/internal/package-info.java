/**
 * Implementation of {@link io.clipj.index.ClipIndex}: the Lucene document layout, the vector format and its
 * HNSW settings, exact and approximate nearest-neighbour search, the scan of files and WebDataset shards, and
 * the bounded decode pipeline that overlaps image decoding with the model. Not a public API.
 */
package io.clipj.index.internal;

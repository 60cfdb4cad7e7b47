/**
 * Implementation of {@link io.clipj.index.ClipIndex}: the Lucene document layout, the vector format and its
 * HNSW settings, exact nearest-neighbour search and the scan of sign codes with exact rescoring, the listing
 * of files and WebDataset shards, and the bounded decode pipeline that overlaps image decoding with the
 * model. Not a public API.
 */
package io.clipj.index.internal;

/**
 * CLIP embeddings and CLIP-score filtering of WebDataset shards on Apache Spark, the job clip-retrieval's
 * {@code clip inference} runs on PySpark: {@code java -jar clip-spark.jar embed ...} (local master) or
 * {@code spark-submit} on a cluster.
 *
 * <p>One Spark task per input shard ({@link io.clipj.spark.ShardTask}); one shared {@link io.clipj.Clip} per
 * executor JVM ({@link io.clipj.spark.ClipHolder}). Each shard's outputs ({@link io.clipj.spark.ShardOutputs})
 * are written under temporary names and renamed when complete, so a rerun skips finished shards and a retried
 * or speculative task attempt never leaves a second copy. Tar members are read with clip-core's
 * {@link io.clipj.internal.data.TarReader}; images are decoded and preprocessed exactly as {@code embed} does
 * ({@link io.clipj.spark.SamplePixels}, the one place that touches clip-core's image package).
 */
package io.clipj.spark;

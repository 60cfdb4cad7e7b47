/**
 * JMH benchmarks, one question per class, runnable from this module's shaded jar:
 * {@code java -jar clip-jmh/target/benchmarks.jar <ClassName>}. The full-size models they time are written
 * by {@code io.clipj.weights.fixtures.RandomCheckpoint} (clip-weights' test-jar), so no fixture ships in
 * clip-bench.jar or a library jar.
 */
package io.clipj.jmh;

/**
 * JMH benchmarks, one question per class, runnable from the shaded jar:
 * {@code java -cp clip-bench/target/clip-bench.jar org.openjdk.jmh.Main <ClassName>}.
 */
package io.clipj.bench.jmh;

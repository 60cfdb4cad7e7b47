/**
 * Seeded random CLIP checkpoints of any configuration, written as complete HuggingFace model directories
 * ({@link io.clipj.weights.random.RandomCheckpoint}), so tests and benchmarks can exercise full-size models
 * without downloading weights.
 */
package io.clipj.weights.random;

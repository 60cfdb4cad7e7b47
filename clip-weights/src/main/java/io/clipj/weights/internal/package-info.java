/**
 * Internals of {@link io.clipj.weights}: memory-mapped files, half-float widening, the shared checkpoint base
 * class and the sharded checkpoint; format readers live in {@code torch} and {@code safetensors}, the Hub
 * client's machinery in {@code hub}. Not public API: names and signatures change without notice.
 */
package io.clipj.weights.internal;

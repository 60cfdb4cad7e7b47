/**
 * The safetensors format (an 8-byte little-endian header length, a JSON header naming each tensor's dtype,
 * shape and byte range, then raw little-endian data): a memory-mapped, strictly validated reader
 * ({@link io.clipj.weights.internal.safetensors.SafetensorsCheckpoint}). The writer tests use lives in
 * clip-weights' test-jar ({@code io.clipj.weights.fixtures}).
 */
package io.clipj.weights.internal.safetensors;

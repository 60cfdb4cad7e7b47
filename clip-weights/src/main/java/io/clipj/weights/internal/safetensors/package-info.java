/**
 * The safetensors format (an 8-byte little-endian header length, a JSON header naming each tensor's dtype,
 * shape and byte range, then raw little-endian data): a memory-mapped, strictly validated reader
 * ({@link io.clipj.weights.internal.safetensors.SafetensorsCheckpoint}) and a streaming writer
 * ({@link io.clipj.weights.internal.safetensors.SafetensorsWriter}).
 */
package io.clipj.weights.internal.safetensors;

package io.clipj.weights.internal.torch;

import io.clipj.weights.DType;

/**
 * A torch storage named by a pickle's persistent id {@code ('storage', torch.FloatStorage, '0', 'cpu', numel)}:
 * its bytes are the archive entry {@code <prefix>/data/<key>}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param dtype element type, from the storage class
 * @param key   the entry name below {@code data/}
 * @param numel number of elements
 */
public record TorchStorage(DType dtype, String key, long numel) {
}

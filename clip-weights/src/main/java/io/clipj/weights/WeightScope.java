package io.clipj.weights;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A view of a {@link Checkpoint} below one key prefix, so model code walks the checkpoint's key tree
 * ({@code root.pp("vision_model").pp("encoder").pp("layers").pp(3)}) instead of spelling long key strings.
 *
 * <p>Immutable; thread-safe when the underlying checkpoint is.
 */
public final class WeightScope {

    private final Checkpoint checkpoint;
    private final String prefix;

    private WeightScope(Checkpoint checkpoint, String prefix) {
        this.checkpoint = Objects.requireNonNull(checkpoint, "checkpoint");
        this.prefix = prefix;
    }

    /** The scope of the whole checkpoint. */
    public static WeightScope root(Checkpoint checkpoint) {
        return new WeightScope(checkpoint, "");
    }

    /** The sub-scope {@code prefix.name}. */
    public WeightScope pp(String name) {
        return new WeightScope(checkpoint, key(name));
    }

    /** The sub-scope {@code prefix.index}, for module lists such as {@code layers.0}. */
    public WeightScope pp(int index) {
        return pp(Integer.toString(index));
    }

    /** The full checkpoint key of {@code leaf} in this scope. */
    public String key(String leaf) {
        return prefix.isEmpty() ? leaf : prefix + "." + leaf;
    }

    /** This scope's prefix, empty at the root. */
    public String prefix() {
        return prefix;
    }

    /** Metadata of {@code leaf}; fails with the full key when it is absent. */
    public TensorInfo info(String leaf) {
        String key = key(leaf);
        TensorInfo info = checkpoint.tensors().get(key);
        if (info == null) {
            throw new IllegalArgumentException("checkpoint has no tensor '" + key + "'");
        }
        return info;
    }

    /** The data of {@code leaf} as float32, row-major in the checkpoint's shape. */
    public float[] floats(String leaf) {
        String key = key(leaf);
        try {
            return checkpoint.readFloats(key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tensor '" + key + "': " + e.getMessage(), e);
        }
    }

    /**
     * Reads {@code leaf} as float32 into {@code dst} (e.g. a direct buffer backing a graph variable), checking
     * first that its shape is {@code expectedShape}.
     */
    public void read(String leaf, FloatBuffer dst, long... expectedShape) {
        TensorInfo info = info(leaf);
        if (!Arrays.equals(info.shape(), expectedShape)) {
            throw new IllegalArgumentException("tensor '" + info.name() + "' has shape " + Arrays.toString(info.shape())
                    + ", expected " + Arrays.toString(expectedShape));
        }
        try {
            checkpoint.readFloats(info.name(), dst);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tensor '" + info.name() + "': " + e.getMessage(), e);
        }
    }

    /** The checkpoint this scope reads from. */
    public Checkpoint checkpoint() {
        return checkpoint;
    }

    @Override
    public String toString() {
        return prefix.isEmpty() ? "<root>" : prefix;
    }
}

package io.clipj.internal.model;

import io.clipj.weights.Checkpoint;
import io.clipj.weights.TensorInfo;
import io.clipj.weights.WeightScope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.array.SingleThreadArrayHolder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One module's view of the checkpoint while a graph is built, like candle's {@code VarBuilder}: a module
 * is constructed from its scope ({@code vs.pp("self_attn").pp("q_proj")}), so the call tree of the
 * constructors is the checkpoint's key tree, and each weight is named by its leaf ({@code "weight"}).
 *
 * <p>Each tensor is read straight into the off-heap buffer of a fresh {@link INDArray} (one copy from the
 * file, none on the Java heap beyond the reader's own staging), and SameDiff keeps that array without
 * duplicating it, so a 151M-parameter model costs its 605 MB once. Shapes are checked against the
 * configuration so a checkpoint of another size fails with the key and both shapes. Every key read is
 * recorded ({@link #tensorsRead()}), so a test can hold the model's reads against
 * {@code ClipWeights.expected}: one key tree, checked in one place.
 *
 * <p>Not thread-safe: used by one thread while a graph is built.
 */
final class GraphParams {

    private final SameDiff sd;
    private final WeightScope scope;
    private final Map<String, long[]> read; // shared by a root and all its sub-scopes

    private GraphParams(SameDiff sd, WeightScope scope, Map<String, long[]> read) {
        this.sd = sd;
        this.scope = scope;
        this.read = read;
    }

    /** The root scope of {@code checkpoint}, building into a new graph ({@link #newGraph}). */
    static GraphParams root(Checkpoint checkpoint) {
        return new GraphParams(newGraph(), WeightScope.root(checkpoint), new LinkedHashMap<>());
    }

    /**
     * An empty graph that holds each constant once. SameDiff's default constant holder keeps a second,
     * per-device copy of every constant; weights are never written after the build, so a plain map is safe to
     * read from many threads and halves memory.
     */
    private static SameDiff newGraph() {
        SameDiff sd = SameDiff.create();
        sd.setConstantArrays(new SingleThreadArrayHolder());
        return sd;
    }

    /** The graph being built. */
    SameDiff sd() {
        return sd;
    }

    /** The sub-scope {@code name} (a module attribute). */
    GraphParams pp(String name) {
        return new GraphParams(sd, scope.pp(name), read);
    }

    /** The sub-scope {@code index} (an entry of a module list such as {@code layers}). */
    GraphParams pp(int index) {
        return new GraphParams(sd, scope.pp(index), read);
    }

    /** The full name of {@code leaf} in this scope: a checkpoint key, or the graph name of a derived constant. */
    String key(String leaf) {
        return scope.key(leaf);
    }

    /** {@code array} as a graph constant named {@code leaf} in this scope. */
    SDVariable constant(String leaf, INDArray array) {
        return sd.constant(key(leaf), array);
    }

    /** {@code leaf} of this scope as an array of {@code shape}, the shape the config implies. */
    INDArray load(String leaf, long... shape) {
        TensorInfo info = scope.info(leaf);
        String key = key(leaf);
        if (!Arrays.equals(info.shape(), shape)) {
            throw new IllegalArgumentException("tensor '" + key + "' has shape " + Arrays.toString(info.shape())
                    + " but the model config implies " + Arrays.toString(shape));
        }
        if (!info.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("tensor '" + key + "' has dtype " + info.dtype()
                    + ", expected a floating-point type");
        }
        // A scalar is stored as a one-element vector: SameDiff handles [1] and [] alike in broadcasts.
        long[] arrayShape = shape.length == 0 ? new long[] {1} : shape;
        INDArray array = Nd4j.createUninitialized(DataType.FLOAT, arrayShape);
        try {
            scope.checkpoint().readFloats(key, array.data().asNioFloat());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tensor '" + key + "': " + e.getMessage(), e);
        }
        read.put(key, shape.clone());
        return array;
    }

    /** Every checkpoint key read through this scope's root so far, with its shape, in reading order. */
    Map<String, long[]> tensorsRead() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(read));
    }
}

package io.clipj.internal.model;

import io.clipj.weights.Checkpoint;
import io.clipj.weights.TensorInfo;
import io.clipj.weights.WeightScope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.array.SingleThreadArrayHolder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Moves checkpoint tensors into one graph as constants, named by their checkpoint key.
 *
 * <p>Each tensor is read straight into the off-heap buffer of a fresh {@link INDArray} (one copy from the
 * file, none on the Java heap beyond the reader's own staging), and SameDiff keeps that array without
 * duplicating it, so a 151M-parameter model costs its 605 MB once. Shapes are checked against the
 * configuration so a checkpoint of another size fails with the key and both shapes.
 *
 * <p>Not thread-safe: used by one thread while a graph is built.
 */
final class GraphParams {

    /**
     * An empty graph that holds each constant once. SameDiff's default constant holder keeps a second,
     * per-device copy of every constant; weights are never written after the build, so a plain map is safe to
     * read from many threads and halves memory.
     */
    static SameDiff newGraph() {
        SameDiff sd = SameDiff.create();
        sd.setConstantArrays(new SingleThreadArrayHolder());
        return sd;
    }

    private final SameDiff sd;
    private final Checkpoint checkpoint;

    GraphParams(SameDiff sd, Checkpoint checkpoint) {
        this.sd = Objects.requireNonNull(sd, "sd");
        this.checkpoint = Objects.requireNonNull(checkpoint, "checkpoint");
    }

    SameDiff sd() {
        return sd;
    }

    /** {@code leaf} of {@code scope} as a graph constant; {@code shape} is what the config implies. */
    SDVariable constant(WeightScope scope, String leaf, long... shape) {
        return sd.constant(scope.key(leaf), load(scope, leaf, shape));
    }

    /** {@code leaf} of {@code scope} as an array of {@code shape}, for callers that adjust it first. */
    INDArray load(WeightScope scope, String leaf, long... shape) {
        TensorInfo info = scope.info(leaf);
        String key = scope.key(leaf);
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
            checkpoint.readFloats(key, array.data().asNioFloat());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tensor '" + key + "': " + e.getMessage(), e);
        }
        return array;
    }
}

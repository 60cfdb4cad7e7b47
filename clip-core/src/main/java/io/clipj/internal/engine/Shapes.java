package io.clipj.internal.engine;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.Reshape;

/**
 * Shape arithmetic of the plan compiler ({@link PlanCompiler}): broadcasting, rank padding, reshape targets.
 *
 * <p>Stateless and thread-safe.
 */
final class Shapes {

    private Shapes() {
    }

    /** Whether {@code small} broadcasts to {@code big} (numpy rules, aligned at the last axis). */
    static boolean broadcasts(long[] small, long[] big) {
        for (int i = 1; i <= small.length; i++) {
            long s = small[small.length - i];
            if (s != 1 && s != big[big.length - i]) {
                return false;
            }
        }
        return true;
    }

    /** {@code t} with leading size-1 axes up to {@code rank}. */
    static Tensor padRank(Tensor t, int rank) {
        long[] shape = new long[rank];
        long[] strides = new long[rank];
        int pad = rank - t.rank();
        long outer = t.length();
        for (int i = 0; i < rank; i++) {
            shape[i] = i < pad ? 1 : t.shape[i - pad];
            strides[i] = i < pad ? outer : t.strides[i - pad];
        }
        return new Tensor(t.slot, t.offset, shape, strides);
    }

    /** The shape a {@code reshape} of {@code t} produces, its one {@code -1} resolved. */
    static long[] reshapeTarget(Reshape r, Object[] args, Tensor t) {
        long[] target;
        if (args.length > 1) {
            target = ((INDArray) args[1]).toLongVector();
        } else {
            long[] i = r.iArgs();
            target = i.length > 0 && (i[0] == -99 || i[0] == -102) ? Arrays.copyOfRange(i, 1, i.length) : i.clone();
        }
        long known = 1;
        int unknown = -1;
        for (int k = 0; k < target.length; k++) {
            if (target[k] == -1) {
                unknown = k;
            } else {
                known *= target[k];
            }
        }
        if (unknown >= 0) {
            target[unknown] = t.length() / known;
        }
        return target;
    }

    /** {@code a} as ints, refusing values that do not fit. */
    static int[] toInt(long[] a) {
        return Arrays.stream(a).mapToInt(Math::toIntExact).toArray();
    }
}

package io.clipj.bench.cli;

import io.clipj.weights.npy.Npy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Compares .npy outputs with golden arrays, collecting every mismatch. */
final class GoldenArrays {

    private GoldenArrays() {
    }

    /**
     * Mismatches between {@code actual} and rows {@code goldenRows} of {@code golden} (all rows when null),
     * within {@code tolerance}.
     */
    static List<String> compareRows(Path actual, Path golden, int[] goldenRows, double tolerance) throws IOException {
        Npy.Array a = Npy.read(actual);
        Npy.Array g = Npy.read(golden);
        List<String> mismatches = new ArrayList<>();
        int cols = g.shape()[1];
        int[] rows = goldenRows != null ? goldenRows : java.util.stream.IntStream.range(0, g.shape()[0]).toArray();
        if (a.shape().length != 2 || a.shape()[0] != rows.length || a.shape()[1] != cols) {
            mismatches.add(actual.getFileName() + ": shape " + Arrays.toString(a.shape()) + ", expected ["
                    + rows.length + ", " + cols + "]");
            return mismatches;
        }
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < cols; j++) {
                float x = a.data()[i * cols + j];
                float y = g.data()[rows[i] * cols + j];
                if (!(Math.abs(x - y) <= tolerance)) {
                    mismatches.add(actual.getFileName() + "[" + i + ", " + j + "] = " + x + ", golden[" + rows[i]
                            + ", " + j + "] = " + y);
                }
            }
        }
        return mismatches;
    }

    /** Mismatches of a sub-matrix: rows {@code goldenRows}, columns {@code goldenCols} of a golden [R, C] array. */
    static List<String> compareBlock(Npy.Array a, Npy.Array g, int[] goldenRows, int[] goldenCols, double tolerance) {
        List<String> mismatches = new ArrayList<>();
        int gc = g.shape()[1];
        for (int i = 0; i < goldenRows.length; i++) {
            for (int j = 0; j < goldenCols.length; j++) {
                float x = a.data()[i * goldenCols.length + j];
                float y = g.data()[goldenRows[i] * gc + goldenCols[j]];
                if (!(Math.abs(x - y) <= tolerance)) {
                    mismatches.add("[" + i + ", " + j + "] = " + x + ", golden[" + goldenRows[i] + ", " + goldenCols[j]
                            + "] = " + y);
                }
            }
        }
        return mismatches;
    }
}

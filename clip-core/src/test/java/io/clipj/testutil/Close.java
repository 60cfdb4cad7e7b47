package io.clipj.testutil;

import static org.assertj.core.api.Assertions.fail;

import io.clipj.weights.npy.Npy;
import java.util.ArrayList;
import java.util.List;

/**
 * Element-wise comparison that reports every mismatch of a matrix in one failure (with indices and the
 * maximum difference), not just the first.
 */
public final class Close {

    private Close() {
    }

    public static void assertClose(String what, float[][] actual, Npy.Array expected, double tolerance) {
        int rows = expected.shape()[0];
        int cols = expected.shape()[1];
        float[][] e = new float[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                e[i][j] = expected.get(i, j);
            }
        }
        assertClose(what, actual, e, tolerance);
    }

    public static void assertClose(String what, float[][] actual, float[][] expected, double tolerance) {
        List<String> mismatches = new ArrayList<>();
        if (actual.length != expected.length) {
            fail(what + ": " + actual.length + " rows, expected " + expected.length);
        }
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            if (actual[i].length != expected[i].length) {
                mismatches.add("row " + i + ": " + actual[i].length + " columns, expected " + expected[i].length);
                continue;
            }
            for (int j = 0; j < expected[i].length; j++) {
                double d = Math.abs((double) actual[i][j] - expected[i][j]);
                max = Double.isNaN(d) ? Double.NaN : Math.max(max, d);
                if (!(d <= tolerance)) {
                    mismatches.add("[" + i + "][" + j + "] " + actual[i][j] + " vs " + expected[i][j] + " (diff " + d + ")");
                }
            }
        }
        if (!mismatches.isEmpty()) {
            fail(what + ": " + mismatches.size() + " elements differ by more than " + tolerance + " (max " + max
                    + "):\n  " + String.join("\n  ", mismatches));
        }
    }

    /** Maximum absolute element difference. */
    public static double maxAbsDiff(float[][] a, float[][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                max = Math.max(max, Math.abs((double) a[i][j] - b[i][j]));
            }
        }
        return max;
    }
}

package io.clipj.zeroshot;

/**
 * Top-k class indices of a logit row, largest first.
 *
 * <p>Ties are broken by the lower class index first, which is what {@code torch.topk(sorted=True)} and
 * {@code torch.argmax} return on CPU in practice (PyTorch does not promise an order for ties). NaN ranks
 * above every number, as in {@code torch.topk}/{@code argmax}. Stateless and thread-safe.
 */
public final class TopK {

    private TopK() {
    }

    /** The indices of the {@code min(k, row.length)} largest values, in descending order. */
    public static int[] indices(float[] row, int k) {
        int n = Math.max(0, Math.min(k, row.length));
        int[] best = new int[n];
        if (n == 0) {
            return best;
        }
        int size = 0;
        for (int i = 0; i < row.length; i++) {
            if (size == n && !ranksAbove(row[i], row[best[n - 1]])) {
                continue;
            }
            int pos = size < n ? size++ : n - 1;
            // insertion keeps equal values in index order, since a later index never ranks above an equal one
            while (pos > 0 && ranksAbove(row[i], row[best[pos - 1]])) {
                best[pos] = best[pos - 1];
                pos--;
            }
            best[pos] = i;
        }
        return best;
    }

    /** Strictly greater, with NaN greatest (and equal to NaN). */
    private static boolean ranksAbove(float a, float b) {
        if (Float.isNaN(a)) {
            return !Float.isNaN(b);
        }
        return !Float.isNaN(b) && a > b;
    }
}

package io.clipj.tokenizer;

/**
 * Token ids of a batch of texts, padded to a common width, as plain Java arrays.
 *
 * <p>Thread-safety: the arrays are created for each call and belong to the caller; the record does not copy
 * them, so share an instance between threads only if nobody writes to its arrays.
 *
 * @param inputIds      {@code [B, W]} ids: start token, text ids, end token, then the pad id
 * @param attentionMask {@code [B, W]} 1 for real tokens (start and end included), 0 for padding
 * @param endIndices    {@code [B]} the column of each row's end token (where CLIP pools the text features)
 * @param lengths       {@code [B]} real tokens per row ({@code endIndices[i] + 1})
 */
public record BatchEncoding(int[][] inputIds, int[][] attentionMask, int[] endIndices, int[] lengths) {

    /** Number of texts. */
    public int size() {
        return inputIds.length;
    }

    /** Columns per row ({@code W}). */
    public int width() {
        return inputIds.length == 0 ? 0 : inputIds[0].length;
    }
}

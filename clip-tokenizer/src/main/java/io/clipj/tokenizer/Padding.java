package io.clipj.tokenizer;

/** How {@link ClipTokenizer#encodeBatch(java.util.List, Padding)} chooses the width of its rows. Thread-safe (an enum). */
public enum Padding {
    /** Every row as wide as the context length (77), like OpenAI's {@code clip.tokenize}. */
    MAX_LENGTH,
    /**
     * Rows as wide as the longest text of the batch, like HF's {@code padding=True}. CLIP's text tower is
     * causal and pools at the end token, so this gives the same features at a fraction of the cost.
     */
    LONGEST
}

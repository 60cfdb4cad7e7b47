package io.clipj.tokenizer.internal;

/**
 * GPT-2/CLIP's reversible map from the 256 byte values to 256 printable Unicode characters
 * ({@code bytes_to_unicode} in OpenAI's {@code simple_tokenizer.py}). Bytes that are already printable
 * Latin-1 characters ({@code !..~}, {@code ¡..¬}, {@code ®..ÿ}) map to themselves; the other 68 bytes map,
 * in byte order, to U+0100, U+0101, ... so that BPE never sees whitespace or control characters.
 *
 * <p>The vocabulary's first 256 ids are these characters in the order built here, which is why the order
 * matters: printable bytes first, then the remapped ones.
 *
 * <p>Thread-safe: immutable static tables.
 */
public final class ByteSymbols {

    /** Symbol (a single BMP char) for each byte value 0..255. */
    private static final char[] BYTE_TO_CHAR = new char[256];
    /** Byte value for each symbol char below U+0144, or -1. */
    private static final int[] CHAR_TO_BYTE = new int[0x144];
    /** The 256 symbols in vocabulary order (printable bytes first, then the remapped ones). */
    private static final char[] VOCAB_ORDER = new char[256];

    static {
        java.util.Arrays.fill(CHAR_TO_BYTE, -1);
        int n = 0;
        for (int b = 0; b < 256; b++) {
            if (isPrintable(b)) {
                VOCAB_ORDER[n++] = (char) b;
                BYTE_TO_CHAR[b] = (char) b;
            }
        }
        int shifted = 0;
        for (int b = 0; b < 256; b++) {
            if (!isPrintable(b)) {
                char c = (char) (256 + shifted++);
                VOCAB_ORDER[n++] = c;
                BYTE_TO_CHAR[b] = c;
            }
        }
        for (int b = 0; b < 256; b++) {
            CHAR_TO_BYTE[BYTE_TO_CHAR[b]] = b;
        }
    }

    private ByteSymbols() {
    }

    private static boolean isPrintable(int b) {
        return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
    }

    /** The symbol that stands for byte {@code b} (0..255). */
    public static char symbolOf(int b) {
        return BYTE_TO_CHAR[b & 0xFF];
    }

    /** The byte a symbol stands for, or -1 when {@code c} is not one of the 256 symbols. */
    public static int byteOf(char c) {
        return c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
    }

    /** The i-th symbol in vocabulary order (ids 0..255 of OpenAI's vocabulary). */
    public static char symbolInVocabOrder(int i) {
        return VOCAB_ORDER[i];
    }
}

package io.clipj.tokenizer.internal;

/**
 * A hand-written scanner equivalent to OpenAI's pre-tokenization pattern, compiled by the Python
 * {@code regex} module with {@code re.IGNORECASE}:
 * <pre>{@code <\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+}</pre>
 * applied with {@code findall} (so characters that no alternative matches, the spaces, are skipped).
 * The alternatives are tried in order at each position; a run of symbols is greedy and does not stop at
 * {@code '} or {@code <}. Effects of {@code IGNORECASE} that survive the earlier lower-casing were measured
 * against {@code regex} over every code point and are reproduced:
 * <ul>
 *   <li>U+017F LATIN SMALL LETTER LONG S case-folds to {@code s}, so {@code 'ſ} is a contraction and
 *       {@code <|ſtartoftext|>} matches the special-token alternative (it is then BPE-encoded as an ordinary
 *       word, since only the exact special strings map to the special ids);</li>
 *   <li>U+0345 COMBINING GREEK YPOGEGRAMMENI case-folds to a letter, which removes it from the negated class
 *       while {@code [\p{L}]} still does not match it: no alternative matches it and it is dropped.</li>
 * </ul>
 * Categories come from {@link Character} (Java 17: Unicode 13). On every code point assigned in Unicode 13
 * this classification equals {@code regex}'s; code points assigned later are letters or numbers for Python
 * but symbols here.
 *
 * <p>Thread-safe: static methods without state.
 */
public final class PreTokenizer {

    public static final String START_OF_TEXT = "<|startoftext|>";
    public static final String END_OF_TEXT = "<|endoftext|>";

    public static final byte SKIP = 0;
    public static final byte LETTER = 1;
    public static final byte NUMBER = 2;
    public static final byte SYMBOL = 3;

    private static final byte[] ASCII = new byte[128];

    static {
        for (int c = 0; c < 128; c++) {
            ASCII[c] = classifyNonAscii(c);
        }
    }

    private PreTokenizer() {
    }

    /** The pattern's view of one code point. */
    public static byte classOf(int c) {
        return c < 128 ? ASCII[c] : classifyNonAscii(c);
    }

    private static byte classifyNonAscii(int c) {
        if (PythonText.isRegexSpace(c) || c == 0x345) {
            return SKIP;
        }
        if (Character.isLetter(c)) {
            return LETTER;
        }
        switch (Character.getType(c)) {
            case Character.DECIMAL_DIGIT_NUMBER:
            case Character.LETTER_NUMBER:
            case Character.OTHER_NUMBER:
                return NUMBER;
            default:
                return SYMBOL;
        }
    }

    /**
     * The end of the piece that starts at {@code i}, where {@code classOf(s.codePointAt(i)) != SKIP}.
     */
    public static int pieceEnd(String s, int i) {
        char first = s.charAt(i);
        if (first == '<') {
            int special = specialLength(s, i);
            if (special > 0) {
                return i + special;
            }
        } else if (first == '\'') {
            int contraction = contractionLength(s, i);
            if (contraction > 0) {
                return i + contraction;
            }
        }
        int c = s.codePointAt(i);
        byte cls = classOf(c);
        int end = i + Character.charCount(c);
        if (cls == NUMBER) {
            return end;
        }
        int n = s.length();
        while (end < n) {
            int d = s.codePointAt(end);
            if (classOf(d) != cls) {
                break;
            }
            end += Character.charCount(d);
        }
        return end;
    }

    /** Length of {@code <|startoftext|>} or {@code <|endoftext|>} at {@code i} (ſ matching s), or 0. */
    public static int specialLength(String s, int i) {
        if (matchesFolded(s, i, START_OF_TEXT)) {
            return START_OF_TEXT.length();
        }
        if (matchesFolded(s, i, END_OF_TEXT)) {
            return END_OF_TEXT.length();
        }
        return 0;
    }

    private static boolean matchesFolded(String s, int i, String pattern) {
        if (s.length() - i < pattern.length()) {
            return false;
        }
        for (int k = 0; k < pattern.length(); k++) {
            char p = pattern.charAt(k);
            char c = s.charAt(i + k);
            if (c != p && !(p == 's' && c == '\u017F')) {
                return false;
            }
        }
        return true;
    }

    /** Length of {@code 's 't 're 've 'm 'll 'd} at {@code i} (ſ matching s), or 0. */
    private static int contractionLength(String s, int i) {
        int n = s.length();
        if (i + 1 >= n) {
            return 0;
        }
        char a = s.charAt(i + 1);
        switch (a) {
            case 's': case '\u017F': case 't': case 'm': case 'd':
                return 2;
            case 'r': case 'v':
                return i + 2 < n && s.charAt(i + 2) == 'e' ? 3 : 0;
            case 'l':
                return i + 2 < n && s.charAt(i + 2) == 'l' ? 3 : 0;
            default:
                return 0;
        }
    }
}

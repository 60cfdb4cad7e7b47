package io.clipj.tokenizer.internal;

/**
 * The string operations of OpenAI's {@code basic_clean}/{@code whitespace_clean} and {@code str.lower()},
 * with CPython's definitions rather than Java's where the two differ:
 * <ul>
 *   <li>{@code regex}'s {@code \s} is the Unicode {@code White_Space} property (25 code points);</li>
 *   <li>{@code str.strip()} also removes U+001C..U+001F ({@code str.isspace()} is true for them);</li>
 *   <li>{@code str.lower()} maps U+0130 to "i̇" (two code points) and lowers U+03A3 to final ς by CPython's
 *       own context rule, which Java's {@code String.toLowerCase} does not reproduce in every case (measured:
 *       Java differs on about 3% of random Greek strings mixing case-ignorable characters).</li>
 * </ul>
 * Every other code point is lowered with {@link Character#toLowerCase(int)}, which equals CPython 3.11's
 * {@code lower()} on all code points assigned in Java 17's Unicode 13 (checked exhaustively).
 *
 * <p>Thread-safe: static methods without state.
 */
public final class PythonText {

    private PythonText() {
    }

    /** {@code \s} of the {@code regex} module on str patterns: the Unicode White_Space property. */
    public static boolean isRegexSpace(int c) {
        if (c < 0x80) {
            return c == ' ' || (c >= 0x09 && c <= 0x0D);
        }
        return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028
                || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
    }

    /** {@code str.isspace()} for one code point: White_Space plus the ASCII separators U+001C..U+001F. */
    public static boolean isPythonSpace(int c) {
        return isRegexSpace(c) || (c >= 0x1C && c <= 0x1F);
    }

    /**
     * {@code whitespace_clean(basic_clean(text))} minus ftfy and HTML: every run of {@code \s} becomes one
     * space, then {@code str.strip()} removes leading and trailing {@code isspace()} characters. (Stripping
     * before and after collapsing, as OpenAI does, gives the same result as stripping once after.)
     */
    public static String collapseWhitespaceAndStrip(String s) {
        int n = s.length();
        int start = 0;
        while (start < n && isPythonSpace(s.charAt(start))) {
            start++;
        }
        int end = n;
        while (end > start && isPythonSpace(s.charAt(end - 1))) {
            end--;
        }
        // Fast path: nothing to collapse (every space is a lone ' ').
        boolean clean = true;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (isRegexSpace(c) && (c != ' ' || s.charAt(i + 1) == ' ')) {
                clean = false;
                break;
            }
        }
        if (clean) {
            return start == 0 && end == n ? s : s.substring(start, end);
        }
        StringBuilder b = new StringBuilder(end - start);
        boolean inSpace = false;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (isRegexSpace(c)) {
                if (!inSpace) {
                    b.append(' ');
                    inSpace = true;
                }
            } else {
                b.append(c);
                inSpace = false;
            }
        }
        return b.toString();
    }

    /** CPython's {@code str.lower()}. */
    public static String lower(String s) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c >= 0x80 || (c >= 'A' && c <= 'Z')) {
                break;
            }
            i++;
        }
        if (i == n) {
            return s;
        }
        StringBuilder b = new StringBuilder(n + 8);
        b.append(s, 0, i);
        while (i < n) {
            int c = s.codePointAt(i);
            if (c < 0x80) {
                b.append((char) (c >= 'A' && c <= 'Z' ? c + 32 : c));
            } else if (c == 0x130) {
                b.append('i').append('\u0307'); // SpecialCasing: İ → i + COMBINING DOT ABOVE
            } else if (c == 0x3A3) {
                b.append(isFinalSigma(s, i) ? '\u03C2' : '\u03C3');
            } else {
                b.appendCodePoint(Character.toLowerCase(c));
            }
            i += Character.charCount(c);
        }
        return b.toString();
    }

    /** CPython's {@code handle_capital_sigma}: cased, case-ignorable*, Σ, not followed by case-ignorable*, cased. */
    private static boolean isFinalSigma(String s, int at) {
        int j = at;
        int before = -1;
        while (j > 0) {
            int c = s.codePointBefore(j);
            j -= Character.charCount(c);
            if (!isCaseIgnorable(c)) {
                before = c;
                break;
            }
        }
        if (before < 0 || !isCased(before)) {
            return false;
        }
        j = at + 1;
        while (j < s.length()) {
            int c = s.codePointAt(j);
            j += Character.charCount(c);
            if (!isCaseIgnorable(c)) {
                return !isCased(c);
            }
        }
        return true;
    }

    /** Unicode's derived property Cased: Lowercase, Uppercase (both including their Other_ parts) or Lt. */
    private static boolean isCased(int c) {
        return Character.isLowerCase(c) || Character.isUpperCase(c) || Character.isTitleCase(c);
    }

    /** Unicode's Case_Ignorable: Mn, Me, Cf, Lm, Sk, or Word_Break MidLetter, MidNumLet or Single_Quote. */
    private static boolean isCaseIgnorable(int c) {
        switch (Character.getType(c)) {
            case Character.NON_SPACING_MARK:
            case Character.ENCLOSING_MARK:
            case Character.FORMAT:
            case Character.MODIFIER_LETTER:
            case Character.MODIFIER_SYMBOL:
                return true;
            default:
                break;
        }
        switch (c) {
            case '\'': case '.': case ':': case 0xB7: case 0x387: case 0x55F: case 0x5F4: case 0x2018:
            case 0x2019: case 0x2024: case 0x2027: case 0xFE13: case 0xFE52: case 0xFE55: case 0xFF07:
            case 0xFF0E: case 0xFF1A:
                return true;
            default:
                return false;
        }
    }

    /**
     * Replaces every unpaired surrogate with U+FFFD. CPython cannot UTF-8-encode such a string at all
     * ({@code UnicodeEncodeError}); Java strings may hold them, and we choose the replacement character,
     * which is what the text would read as after any lenient decode.
     */
    public static String replaceLoneSurrogates(String s) {
        int n = s.length();
        StringBuilder b = null;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (!Character.isSurrogate(c)) {
                continue;
            }
            boolean paired = Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1));
            if (paired) {
                i++;
                continue;
            }
            if (b == null) {
                b = new StringBuilder(s);
            }
            b.setCharAt(i, '\uFFFD');
        }
        return b == null ? s : b.toString();
    }
}

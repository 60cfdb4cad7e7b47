package io.clipj.tokenizer;

import io.clipj.tokenizer.internal.HtmlUnescape;
import java.text.Normalizer;

/**
 * The part of {@code ftfy.fix_text} (ftfy 6, default {@code TextFixerConfig}) that changes real captions,
 * reimplemented. OpenAI's tokenizer runs {@code fix_text} first when {@code ftfy} is installed; enable it
 * with {@link ClipTokenizer#withFixText(boolean)}. Steps, in ftfy 6.3's order, repeated until the text
 * stops changing (ftfy also loops to a fixed point):
 * <ol>
 *   <li>{@code fix_c1_controls}: U+0080..U+009F become their Windows-1252 characters (e.g. U+0093 → “),
 *       the five bytes Windows-1252 leaves undefined stay as they are;</li>
 *   <li>{@code fix_latin_ligatures}: ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ Ĳ ĳ ŉ Ǆ ǅ ǆ Ǉ ǈ ǉ Ǌ ǋ ǌ Ǳ ǲ ǳ are spelled out;</li>
 *   <li>{@code fix_character_width}: U+FF01..U+FFEF (full-width ASCII, half-width katakana and Hangul,
 *       full-width signs) become their NFKC form, and U+3000 IDEOGRAPHIC SPACE a space;</li>
 *   <li>{@code uncurl_quotes}: U+02BC and U+2018..U+201B become {@code '}; U+201C..U+201F become {@code "};</li>
 *   <li>{@code fix_line_breaks}: CRLF, CR, U+2028 and U+2029 become LF (U+0085 was already turned into
 *       … by the first step);</li>
 *   <li>{@code remove_terminal_escapes}: ANSI sequences {@code ESC [ (digits|;)* letter} are deleted;</li>
 *   <li>{@code remove_control_chars}: U+0000..U+0008, U+000B, U+000E..U+001F, U+007F, U+206A..U+206F,
 *       U+FEFF and U+FFF9..U+FFFC are deleted (tab, LF, FF, CR stay);</li>
 *   <li>{@code normalization="NFC"}.</li>
 * </ol>
 * Not done, so results can still differ from Python with ftfy installed: mojibake repair
 * ({@code fix_encoding}: re-decoding text that was UTF-8 read as Windows-1252/Latin-1 etc., with
 * {@code restore_byte_a0}, {@code replace_lossy_sequences}, {@code decode_inconsistent_utf8}); ftfy's own
 * HTML unescaping (the tokenizer's double {@code html.unescape} follows anyway, but ftfy adds a third pass,
 * accepts upper-case entity names such as {@code &EACUTE;} and skips it when the text contains {@code <});
 * ftfy's per-line segmentation of very long texts; {@code fix_surrogates} is replaced by the tokenizer's own
 * U+FFFD substitution; NFKC/NFC tables are Java 17's (Unicode 13). Measured against ftfy 6.3.1 on 4,240
 * random caption-like strings without {@code &}: identical except 15, all of them ftfy's mojibake repair.
 *
 * <p>Thread-safe: static methods and immutable tables.
 */
public final class FixText {

    private static final int WIDTH_FIRST = 0xFF01;
    private static final int WIDTH_LAST = 0xFFEF;
    private static final String[] WIDTH_MAP = new String[WIDTH_LAST - WIDTH_FIRST + 1];

    static {
        for (int c = WIDTH_FIRST; c <= WIDTH_LAST; c++) {
            String s = String.valueOf((char) c);
            String nfkc = Normalizer.normalize(s, Normalizer.Form.NFKC);
            WIDTH_MAP[c - WIDTH_FIRST] = nfkc.equals(s) ? null : nfkc;
        }
    }

    private FixText() {
    }

    /** The steps listed above, in ftfy's order, repeated until nothing changes (ftfy loops the same way). */
    public static String fix(String text) {
        String s = text;
        for (int round = 0; round < 16; round++) {
            String next = fixOnce(s);
            if (next.equals(s)) {
                return next;
            }
            s = next;
        }
        return s;
    }

    /** One round of {@code fix_and_explain}'s loop (without its HTML and encoding steps). */
    static String fixOnce(String s) {
        String t = mapChars(s);
        t = fixLineBreaks(t);
        t = removeTerminalEscapes(t);
        t = removeControlChars(t);
        return Normalizer.isNormalized(t, Normalizer.Form.NFC) ? t : Normalizer.normalize(t, Normalizer.Form.NFC);
    }

    /**
     * {@code fix_c1_controls}, {@code fix_latin_ligatures}, {@code fix_character_width}, {@code uncurl_quotes}:
     * each maps single characters, and each sees the previous one's output (e.g. U+0093 → “ → ").
     */
    private static String mapChars(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String mapped = uncurl(widen(ligatures(c1(String.valueOf(c)))));
            if (b == null && (mapped.length() != 1 || mapped.charAt(0) != c)) {
                b = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (b != null) {
                b.append(mapped);
            }
        }
        return b == null ? s : b.toString();
    }

    private static String c1(String s) {
        char c = s.charAt(0);
        return c >= 0x80 && c <= 0x9F ? String.valueOf(HtmlUnescape.windows1252(c)) : s;
    }

    private static String ligatures(String s) {
        String l = ligature(s.charAt(0));
        return l == null ? s : l;
    }

    private static String widen(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= WIDTH_FIRST && c <= WIDTH_LAST && WIDTH_MAP[c - WIDTH_FIRST] != null) {
                b.append(WIDTH_MAP[c - WIDTH_FIRST]);
            } else {
                b.append(c == 0x3000 ? ' ' : c);
            }
        }
        return b.toString();
    }

    private static String uncurl(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c == 0x02BC || (c >= 0x2018 && c <= 0x201B) ? '\'' : c >= 0x201C && c <= 0x201F ? '"' : c);
        }
        return b.toString();
    }

    /** {@code fix_line_breaks}: CRLF, CR, U+2028, U+2029, U+0085 → LF (U+0085 only if it survived step 2). */
    private static String fixLineBreaks(String s) {
        return s.replace("\r\n", "\n").replace('\r', '\n').replace('\u2028', '\n').replace('\u2029', '\n')
                .replace('\u0085', '\n');
    }

    /** {@code remove_terminal_escapes}: {@code ESC [ (\d|;)* [a-zA-Z]} deleted ({@code \d}: any Nd digit). */
    private static String removeTerminalEscapes(String s) {
        int esc = s.indexOf('\u001B');
        if (esc < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        int copied = 0;
        for (int i = esc; i >= 0; i = s.indexOf('\u001B', i + 1)) {
            if (i < copied) {
                continue;
            }
            int end = ansiEnd(s, i);
            if (end > 0) {
                b.append(s, copied, i);
                copied = end;
            }
        }
        return b.append(s, copied, s.length()).toString();
    }

    /** End of an ANSI escape starting at {@code i}, or -1. */
    private static int ansiEnd(String s, int i) {
        int j = i + 1;
        if (j >= s.length() || s.charAt(j) != '[') {
            return -1;
        }
        j++;
        while (j < s.length()) {
            int c = s.codePointAt(j);
            if (c != ';' && !Character.isDigit(c)) {
                break;
            }
            j += Character.charCount(c);
        }
        if (j < s.length() && isAsciiLetter(s.charAt(j))) {
            return j + 1;
        }
        return -1;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** {@code remove_control_chars}. */
    private static String removeControlChars(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isControl(c)) {
                if (b == null) {
                    b = new StringBuilder(s.length()).append(s, 0, i);
                }
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }

    private static boolean isControl(char c) {
        return c <= 0x08 || c == 0x0B || (c >= 0x0E && c <= 0x1F) || c == 0x7F || (c >= 0x206A && c <= 0x206F)
                || c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFC);
    }

    private static String ligature(char c) {
        switch (c) {
            case '\u0132': return "IJ";
            case '\u0133': return "ij";
            case '\u0149': return "\u02BCn";
            case '\u01C4': return "D\u017D";
            case '\u01C5': return "D\u017E";
            case '\u01C6': return "d\u017E";
            case '\u01C7': return "LJ";
            case '\u01C8': return "Lj";
            case '\u01C9': return "lj";
            case '\u01CA': return "NJ";
            case '\u01CB': return "Nj";
            case '\u01CC': return "nj";
            case '\u01F1': return "DZ";
            case '\u01F2': return "Dz";
            case '\u01F3': return "dz";
            case '\uFB00': return "ff";
            case '\uFB01': return "fi";
            case '\uFB02': return "fl";
            case '\uFB03': return "ffi";
            case '\uFB04': return "ffl";
            case '\uFB05': return "\u017Ft";
            case '\uFB06': return "st";
            default: return null;
        }
    }
}

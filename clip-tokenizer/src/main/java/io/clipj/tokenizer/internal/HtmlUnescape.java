package io.clipj.tokenizer.internal;

import org.jsoup.nodes.Entities;

/**
 * Python's {@code html.unescape} (3.4+), reimplemented. The entity table is jsoup's, which holds exactly
 * the 2,231 entries of Python's {@code html.entities.html5} (2,125 names with ';', 106 legacy names also
 * valid without; compared entry by entry when this class was written). The matching rules are Python's,
 * not the HTML5 tokenizer's (which jsoup's own unescape follows):
 * <ul>
 *   <li>a reference is {@code &} followed by {@code #digits}, {@code #x/Xhexdigits}, or 1..32 characters
 *       other than tab, newline, form feed, space, {@code < & # ;}, each optionally followed by {@code ;};</li>
 *   <li>numeric references: the Windows-1252 remapping of 0x80..0x9F, 0x00 and 0x0D as in
 *       {@code _invalid_charrefs}; surrogates and values above 0x10FFFF become U+FFFD; the code points of
 *       {@code _invalid_codepoints} (controls, non-characters) are dropped;</li>
 *   <li>named references: the whole name (with its ';') if it is an entity, else the longest prefix of at
 *       least two characters that is a legacy entity, the rest kept; otherwise left as is.</li>
 * </ul>
 * One deliberate difference: Python 3.11+ refuses to convert a decimal reference of more than 4,300 digits
 * ({@code ValueError} from its int-parsing limit); here any oversized number becomes U+FFFD.
 *
 * <p>Thread-safe: static methods without state.
 */
public final class HtmlUnescape {

    /** {@code html._invalid_charrefs}: 0x00, 0x0D and the Windows-1252 meanings of 0x80..0x9F. */
    private static final String C1_AS_CP1252 =
            "\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F"
            + "\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178";

    private HtmlUnescape() {
    }

    /** The Windows-1252 character of a C1 code point U+0080..U+009F (itself where 1252 leaves it undefined). */
    public static char windows1252(char c1) {
        return C1_AS_CP1252.charAt(c1 - 0x80);
    }

    /** {@code html.unescape(s)}. */
    public static String unescape(String s) {
        int amp = s.indexOf('&');
        if (amp < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int copied = 0;
        int n = s.length();
        for (int i = amp; i >= 0 && i < n; i = s.indexOf('&', i)) {
            int end = i + 1;
            if (end < n && s.charAt(end) == '#') {
                end = numericEnd(s, end + 1);
                if (end < 0) {
                    i++;
                    continue;
                }
                out.append(s, copied, i);
                appendNumeric(out, s, i + 1, end);
            } else {
                int nameEnd = end;
                while (nameEnd < n && nameEnd - end < 32 && isNameChar(s.charAt(nameEnd))) {
                    nameEnd++;
                }
                if (nameEnd == end) {
                    i++;
                    continue;
                }
                end = nameEnd < n && s.charAt(nameEnd) == ';' ? nameEnd + 1 : nameEnd;
                out.append(s, copied, i);
                appendNamed(out, s, i + 1, nameEnd, end);
            }
            copied = end;
            i = end;
        }
        out.append(s, copied, n);
        return out.toString();
    }

    private static boolean isNameChar(char c) {
        return c != '\t' && c != '\n' && c != '\f' && c != ' ' && c != '<' && c != '&' && c != '#' && c != ';';
    }

    /** End (exclusive, after an optional ';') of {@code #digits} or {@code #xhex} starting after '#', or -1. */
    private static int numericEnd(String s, int from) {
        int n = s.length();
        int i = from;
        boolean hex = i < n && (s.charAt(i) == 'x' || s.charAt(i) == 'X');
        if (hex) {
            i++;
        }
        int digits = i;
        while (i < n && (hex ? Character.digit(s.charAt(i), 16) >= 0 && s.charAt(i) < 0x80 : isAsciiDigit(s.charAt(i)))) {
            i++;
        }
        if (i == digits) {
            return -1;
        }
        return i < n && s.charAt(i) == ';' ? i + 1 : i;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Appends the character of {@code #...} found in {@code s[from, end)} (from points at '#'). */
    private static void appendNumeric(StringBuilder out, String s, int from, int end) {
        boolean hex = s.charAt(from + 1) == 'x' || s.charAt(from + 1) == 'X';
        int stop = s.charAt(end - 1) == ';' ? end - 1 : end;
        long num = 0;
        for (int i = from + (hex ? 2 : 1); i < stop; i++) {
            num = num * (hex ? 16 : 10) + Character.digit(s.charAt(i), 16);
            if (num > 0x10FFFF) {
                num = Long.MAX_VALUE;
                break;
            }
        }
        if (num == 0x00) {
            out.append('\uFFFD');
        } else if (num == 0x0D) {
            out.append('\r');
        } else if (num >= 0x80 && num <= 0x9F) {
            out.append(C1_AS_CP1252.charAt((int) num - 0x80));
        } else if ((num >= 0xD800 && num <= 0xDFFF) || num > 0x10FFFF) {
            out.append('\uFFFD');
        } else if (!isInvalidCodePoint((int) num)) {
            out.appendCodePoint((int) num);
        }
    }

    /** {@code html._invalid_codepoints}: C0/C1 controls except tab, LF, FF, CR; DEL; the non-characters. */
    private static boolean isInvalidCodePoint(int c) {
        return (c >= 0x1 && c <= 0x8) || c == 0xB || (c >= 0xE && c <= 0x1F) || (c >= 0x7F && c <= 0x9F)
                || (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
    }

    /** Appends the expansion of the named reference {@code s[from, end)} whose name ends at {@code nameEnd}. */
    private static void appendNamed(StringBuilder out, String s, int from, int nameEnd, int end) {
        String name = s.substring(from, nameEnd);
        boolean semicolon = end > nameEnd;
        if (semicolon ? Entities.isNamedEntity(name) : Entities.isBaseNamedEntity(name)) {
            out.append(Entities.getByName(name));
            return;
        }
        // Python: the longest prefix (at least two characters, never including the ';') that is in the table;
        // only the legacy names appear there without a ';'.
        for (int len = semicolon ? name.length() : name.length() - 1; len >= 2; len--) {
            String prefix = name.substring(0, len);
            if (Entities.isBaseNamedEntity(prefix)) {
                out.append(Entities.getByName(prefix)).append(s, from + len, end);
                return;
            }
        }
        out.append('&').append(s, from, end);
    }
}

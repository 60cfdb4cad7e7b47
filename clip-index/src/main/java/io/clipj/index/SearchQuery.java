package io.clipj.index;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A query as rclip writes it: each term naming an existing file is an image, anything else a text;
 * {@code W:term} weights a term by {@code W}; a separate {@code +} or {@code -} argument adds or subtracts the
 * next term. The query vector is {@code sum(±w · normalize(embedding(term)))}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param terms the terms in argument order, weights signed
 */
public record SearchQuery(List<Term> terms) {

    private static final Pattern WEIGHTED = Pattern.compile("^([0-9]*\\.?[0-9]+):(.*)$", Pattern.DOTALL);

    /**
     * One term.
     *
     * @param image  whether {@code value} is an image file (else a text)
     * @param value  the text, or the image file's path
     * @param weight signed weight
     */
    public record Term(boolean image, String value, float weight) {
    }

    public SearchQuery {
        terms = List.copyOf(terms);
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("empty query: give at least one text or image term");
        }
    }

    /** Parses command-line terms. */
    public static SearchQuery parse(List<String> args) {
        List<Term> terms = new ArrayList<>();
        float sign = 1;
        boolean pendingSign = false;
        for (String arg : args) {
            if (arg.equals("+") || arg.equals("-")) {
                if (pendingSign) {
                    throw new IllegalArgumentException("query: '" + arg + "' follows another '+' or '-'; a term must come between");
                }
                sign = arg.equals("+") ? 1 : -1;
                pendingSign = true;
                continue;
            }
            float weight = 1;
            String value = arg;
            Matcher m = WEIGHTED.matcher(arg);
            if (!isFile(arg) && m.matches()) {
                weight = Float.parseFloat(m.group(1));
                value = m.group(2);
            }
            terms.add(new Term(isFile(value), value, sign * weight));
            sign = 1;
            pendingSign = false;
        }
        if (pendingSign) {
            throw new IllegalArgumentException("query: a trailing '+' or '-' must be followed by a term");
        }
        return new SearchQuery(terms);
    }

    private static boolean isFile(String s) {
        try {
            return !s.isEmpty() && Files.isRegularFile(Path.of(s));
        } catch (RuntimeException e) { // not a valid path on this system: a text
            return false;
        }
    }
}

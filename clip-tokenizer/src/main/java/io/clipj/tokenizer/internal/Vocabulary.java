package io.clipj.tokenizer.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The token strings and their ids ({@code encoder}/{@code decoder} in OpenAI's tokenizer,
 * {@code vocab.json} in HuggingFace's). Tokens are in the byte-symbol alphabet of {@link ByteSymbols};
 * a trailing {@code </w>} marks the end of a word.
 *
 * <p>Thread-safe: immutable after construction.
 */
public final class Vocabulary {

    public static final String END_OF_WORD = "</w>";

    private final Map<String, Integer> ids;
    private final String[] tokens;

    private Vocabulary(Map<String, Integer> ids, String[] tokens) {
        this.ids = ids;
        this.tokens = tokens;
    }

    /**
     * A vocabulary from a token → id map whose ids must be exactly 0..size-1 (as in {@code vocab.json}).
     *
     * @param source names the input in error messages
     */
    public static Vocabulary fromMap(Map<String, Integer> tokenToId, String source) {
        String[] tokens = new String[tokenToId.size()];
        for (Map.Entry<String, Integer> e : tokenToId.entrySet()) {
            int id = e.getValue();
            if (id < 0 || id >= tokens.length) {
                throw new IllegalArgumentException(source + ": token " + quote(e.getKey()) + " has id " + id
                        + ", outside 0.." + (tokens.length - 1) + " (ids must be dense)");
            }
            if (tokens[id] != null) {
                throw new IllegalArgumentException(source + ": id " + id + " is used by both "
                        + quote(tokens[id]) + " and " + quote(e.getKey()));
            }
            tokens[id] = e.getKey();
        }
        Vocabulary v = new Vocabulary(new HashMap<>(tokenToId), tokens);
        v.requireByteSymbols(source);
        return v;
    }

    /** A vocabulary whose ids are the list positions (how OpenAI's tokenizer builds it). */
    public static Vocabulary fromList(List<String> tokens, String source) {
        Map<String, Integer> ids = new HashMap<>(tokens.size() * 2);
        for (int i = 0; i < tokens.size(); i++) {
            if (ids.putIfAbsent(tokens.get(i), i) != null) {
                throw new IllegalArgumentException(source + ": token " + quote(tokens.get(i)) + " occurs twice");
            }
        }
        Vocabulary v = new Vocabulary(ids, tokens.toArray(new String[0]));
        v.requireByteSymbols(source);
        return v;
    }

    /** Every byte must be encodable, alone and at a word's end; otherwise encode() could meet an unknown symbol. */
    private void requireByteSymbols(String source) {
        for (int b = 0; b < 256; b++) {
            String s = String.valueOf(ByteSymbols.symbolOf(b));
            if (!ids.containsKey(s) || !ids.containsKey(s + END_OF_WORD)) {
                throw new IllegalArgumentException(source + ": the vocabulary lacks the byte symbol " + quote(s)
                        + " or " + quote(s + END_OF_WORD) + " (byte " + b + "); not a CLIP/GPT-2 byte-level vocabulary");
            }
        }
    }

    public int size() {
        return tokens.length;
    }

    /** The id of {@code token}, or -1. */
    public int id(String token) {
        Integer id = ids.get(token);
        return id == null ? -1 : id;
    }

    /** The token string of {@code id}; the caller checks the range. */
    public String token(int id) {
        return tokens[id];
    }

    /** A copy of the token → id map. */
    public Map<String, Integer> asMap() {
        return new HashMap<>(ids);
    }

    public static String quote(String s) {
        return "'" + s + "'";
    }
}

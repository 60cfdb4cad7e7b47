package io.clipj.tokenizer;

import io.clipj.tokenizer.internal.BytePairEncoder;
import io.clipj.tokenizer.internal.ByteSymbols;
import io.clipj.tokenizer.internal.HtmlUnescape;
import io.clipj.tokenizer.internal.IntList;
import io.clipj.tokenizer.internal.PairRanks;
import io.clipj.tokenizer.internal.PreTokenizer;
import io.clipj.tokenizer.internal.PythonText;
import io.clipj.tokenizer.internal.TokenizerFiles;
import io.clipj.tokenizer.internal.Vocabulary;
import io.clipj.tokenizer.internal.WordCache;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * CLIP's byte-level BPE tokenizer, producing exactly the ids of OpenAI's {@code clip/simple_tokenizer.py}
 * (and of HuggingFace's {@code CLIPTokenizer} when {@code ftfy} is installed and leaves the text unchanged).
 *
 * <p>The pipeline of {@link #encode(String)}: unpaired surrogates become U+FFFD; optionally
 * {@link FixText} (OpenAI's {@code ftfy.fix_text}, see {@link #withFixText(boolean)}); Python's
 * {@code html.unescape} twice; runs of whitespace collapsed to one space and the ends stripped; Python's
 * {@code str.lower()}; OpenAI's pre-tokenization pattern; UTF-8 bytes mapped to byte symbols; BPE by merge
 * rank with {@code </w>} at word ends. The details, and every known difference from Python, are in
 * {@code docs/tokenizer.md} and the package documentation.
 *
 * <pre>{@code
 * ClipTokenizer tok = ClipTokenizer.fromModelDirectory(Path.of("clip-vit-base-patch32"));
 * int[] ids = tok.encode("a photo of a cat");   // [49406, 320, 1125, 539, 320, 2368, 49407]
 * BatchEncoding batch = tok.encodeBatch(List.of("a dog", "a cat"), Padding.LONGEST);
 * String text = tok.decode(ids, true);            // "a photo of a cat "
 * }</pre>
 *
 * <p>Thread-safe: immutable; the per-word BPE cache it shares between threads is a bounded concurrent map.
 * Load it once and share it.
 */
public final class ClipTokenizer {

    private final Vocabulary vocab;
    private final BytePairEncoder bpe;
    private final WordCache cache;
    private final int[] byteIds = new int[256];
    private final int[] byteEndOfWordIds = new int[256];
    private final int startId;
    private final int endId;
    private final int padId;
    private final int literalStartId;
    private final int literalEndId;
    private final int contextLength;
    private final boolean fixText;

    private static ClipTokenizer of(TokenizerFiles.Loaded l) {
        return new ClipTokenizer(l.vocab(), l.ranks(), l.startId(), l.endId(), l.padId(), l.contextLength());
    }

    private ClipTokenizer(Vocabulary vocab, PairRanks ranks, int startId, int endId, int padId, int contextLength) {
        this(vocab, new BytePairEncoder(ranks), new WordCache(), startId, endId, padId, contextLength, false);
    }

    private ClipTokenizer(Vocabulary vocab, BytePairEncoder bpe, WordCache cache, int startId, int endId, int padId,
            int contextLength, boolean fixText) {
        this.vocab = vocab;
        this.bpe = bpe;
        this.cache = cache;
        this.startId = startId;
        this.endId = endId;
        this.padId = padId;
        this.contextLength = contextLength;
        this.fixText = fixText;
        for (int b = 0; b < 256; b++) {
            String symbol = String.valueOf(ByteSymbols.symbolOf(b));
            byteIds[b] = vocab.id(symbol);
            byteEndOfWordIds[b] = vocab.id(symbol + Vocabulary.END_OF_WORD);
        }
        this.literalStartId = vocab.id(PreTokenizer.START_OF_TEXT);
        this.literalEndId = vocab.id(PreTokenizer.END_OF_TEXT);
    }

    /**
     * Loads a HuggingFace model directory: {@code vocab.json}, {@code merges.txt}, and when present
     * {@code tokenizer_config.json} / {@code special_tokens_map.json} (special tokens, {@code model_max_length};
     * context length 77 when absent).
     *
     * @throws IOException when a file is missing or unreadable
     * @throws IllegalArgumentException naming the file when its content is not a CLIP tokenizer
     */
    public static ClipTokenizer fromModelDirectory(Path directory) throws IOException {
        return of(TokenizerFiles.fromModelDirectory(directory));
    }

    /**
     * Loads OpenAI's {@code bpe_simple_vocab_16e6.txt.gz}, building the vocabulary as OpenAI does (same ids as
     * {@code vocab.json}). Context length 77; padding with id 0, as {@code clip.tokenize} pads.
     */
    public static ClipTokenizer fromOpenAiBpe(Path bpeGz) throws IOException {
        return of(TokenizerFiles.fromOpenAiBpe(bpeGz));
    }

    /**
     * A tokenizer that applies {@link FixText} (the caption-relevant part of {@code ftfy.fix_text}) first, as
     * OpenAI's tokenizer does when {@code ftfy} is installed. Off by default, because the golden ids (and
     * HuggingFace without {@code ftfy}) are made without it. Shares this tokenizer's tables and cache.
     */
    public ClipTokenizer withFixText(boolean enabled) {
        return enabled == fixText ? this
                : new ClipTokenizer(vocab, bpe, cache, startId, endId, padId, contextLength, enabled);
    }

    /** Whether {@link FixText} runs before the rest of the pipeline. */
    public boolean fixesText() {
        return fixText;
    }

    /**
     * The ids of one text: start token, the text's ids, end token, truncated to the context length keeping the
     * end token (start, the first {@code contextLength - 2} ids, end). Never fails for a non-null string.
     */
    public int[] encode(String text) {
        IntList ids = new IntList(16);
        ids.add(startId);
        appendTextIds(text, ids, contextLength - 2);
        ids.add(endId);
        return ids.toArray();
    }

    /** {@link #encode} for each text, padded to the context length ({@link Padding#MAX_LENGTH}). */
    public BatchEncoding encodeBatch(List<String> texts) {
        return encodeBatch(texts, Padding.MAX_LENGTH);
    }

    /** {@link #encode} for each text, padded with the pad id to the width chosen by {@code padding}. */
    public BatchEncoding encodeBatch(List<String> texts, Padding padding) {
        int[][] rows = new int[texts.size()][];
        int longest = 0;
        for (int i = 0; i < rows.length; i++) {
            rows[i] = encode(texts.get(i));
            longest = Math.max(longest, rows[i].length);
        }
        int width = padding == Padding.MAX_LENGTH ? contextLength : longest;
        int[][] ids = new int[rows.length][width];
        int[][] mask = new int[rows.length][width];
        int[] ends = new int[rows.length];
        int[] lengths = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            int len = rows[i].length;
            System.arraycopy(rows[i], 0, ids[i], 0, len);
            Arrays.fill(ids[i], len, width, padId);
            Arrays.fill(mask[i], 0, len, 1);
            ends[i] = len - 1;
            lengths[i] = len;
        }
        return new BatchEncoding(ids, mask, ends, lengths);
    }

    /**
     * OpenAI's {@code decode}: the tokens joined, byte symbols turned back into UTF-8 (invalid sequences
     * become U+FFFD), and every {@code </w>} replaced by a space; special tokens are kept as text.
     */
    public String decode(int[] ids) {
        return decode(ids, false);
    }

    /** {@link #decode(int[])}, leaving out the start, end and pad tokens when {@code skipSpecialTokens}. */
    public String decode(int[] ids, boolean skipSpecialTokens) {
        byte[] bytes = new byte[ids.length * 8];
        int n = 0;
        for (int id : ids) {
            if (id < 0 || id >= vocab.size()) {
                throw new IllegalArgumentException("token id " + id + " is outside the vocabulary (0.."
                        + (vocab.size() - 1) + ")");
            }
            if (skipSpecialTokens && (id == startId || id == endId || id == padId)) {
                continue;
            }
            String token = vocab.token(id);
            if (n + token.length() > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, n + token.length()));
            }
            for (int k = 0; k < token.length(); k++) {
                int b = ByteSymbols.byteOf(token.charAt(k));
                if (b < 0) {
                    throw new IllegalStateException("vocabulary token " + id + " '" + token
                            + "' holds a character outside the byte alphabet");
                }
                bytes[n++] = (byte) b;
            }
        }
        return new String(bytes, 0, n, StandardCharsets.UTF_8).replace(Vocabulary.END_OF_WORD, " ");
    }

    /** The start-of-text id (49406 for CLIP). */
    public int startTokenId() {
        return startId;
    }

    /** The end-of-text id (49407 for CLIP), where CLIP's text tower pools. */
    public int endTokenId() {
        return endId;
    }

    /** The id used for padding in {@link #encodeBatch} (49407 from HF's config; 0 for OpenAI's file). */
    public int padTokenId() {
        return padId;
    }

    /** Maximum ids per text including start and end (77 for CLIP). */
    public int contextLength() {
        return contextLength;
    }

    /** Number of tokens in the vocabulary (49,408 for CLIP). */
    public int vocabularySize() {
        return vocab.size();
    }

    /** A copy of the token → id map (tokens in the byte-symbol alphabet, {@code </w>} at word ends). */
    public Map<String, Integer> vocabulary() {
        return vocab.asMap();
    }

    /** Text after the string-level steps (surrogates, optional ftfy, HTML, whitespace, lower case). */
    String normalize(String text) {
        String s = PythonText.replaceLoneSurrogates(Objects.requireNonNull(text, "text"));
        if (fixText) {
            s = FixText.fix(s);
        }
        s = HtmlUnescape.unescape(HtmlUnescape.unescape(s));
        s = PythonText.collapseWhitespaceAndStrip(s);
        return PythonText.lower(s);
    }

    /** Appends the ids of {@code text} (no start/end), stopping once {@code limit} ids were added. */
    void appendTextIds(String text, IntList out, int limit) {
        String s = normalize(text);
        int stop = out.size() + limit;
        int n = s.length();
        int i = 0;
        while (i < n && out.size() < stop) {
            int c = s.codePointAt(i);
            if (PreTokenizer.classOf(c) == PreTokenizer.SKIP) {
                i += Character.charCount(c);
                continue;
            }
            int end = PreTokenizer.pieceEnd(s, i);
            String piece = s.substring(i, end);
            i = end;
            if (literalStartId >= 0 && piece.equals(PreTokenizer.START_OF_TEXT)) {
                out.add(literalStartId);
            } else if (literalEndId >= 0 && piece.equals(PreTokenizer.END_OF_TEXT)) {
                out.add(literalEndId);
            } else {
                out.addAll(wordIds(piece), stop - out.size());
            }
        }
    }

    /** BPE ids of one pre-tokenized piece, through the shared cache. */
    int[] wordIds(String piece) {
        int[] ids = cache.get(piece);
        if (ids == null) {
            ids = bpe.encode(symbols(piece));
            cache.put(piece, ids);
        }
        return ids;
    }

    /** One symbol id per UTF-8 byte of {@code piece}, the last one with {@code </w>}. */
    private int[] symbols(String piece) {
        int n = piece.length();
        boolean ascii = true;
        for (int k = 0; k < n && ascii; k++) {
            ascii = piece.charAt(k) < 0x80;
        }
        byte[] bytes = ascii ? null : piece.getBytes(StandardCharsets.UTF_8);
        int m = ascii ? n : bytes.length;
        int[] sym = new int[m];
        for (int k = 0; k < m; k++) {
            int b = ascii ? piece.charAt(k) : bytes[k] & 0xFF;
            sym[k] = k == m - 1 ? byteEndOfWordIds[b] : byteIds[b];
        }
        return sym;
    }
}

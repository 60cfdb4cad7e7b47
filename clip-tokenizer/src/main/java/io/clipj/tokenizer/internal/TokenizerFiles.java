package io.clipj.tokenizer.internal;

import io.clipj.tokenizer.ClipTokenizer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads the two on-disk forms of CLIP's tokenizer: a HuggingFace model directory and OpenAI's
 * {@code bpe_simple_vocab_16e6.txt.gz}. Both keep only the first 48,894 merges
 * ({@code lines[1 : 49152 - 256 - 2 + 1]}), as OpenAI's and HuggingFace's code do.
 *
 * <p>Thread-safe: static methods without state.
 */
public final class TokenizerFiles {

    /** Merges kept: 49152 - 256 - 2, so that 256 + 256 + merges + 2 specials = 49,408 tokens. */
    public static final int MERGE_COUNT = 49152 - 256 - 2;
    public static final int DEFAULT_CONTEXT_LENGTH = 77;

    /** Field-name interning off: vocab.json's 49,408 keys are all distinct, and interning them dominates load time. */
    private static final JsonFactory VOCAB_JSON = JsonFactory.builder()
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .build();

    private TokenizerFiles() {
    }

    /** What the files define; {@link ClipTokenizer} builds itself from it. */
    public record Loaded(Vocabulary vocab, PairRanks ranks, int startId, int endId, int padId, int contextLength) {
    }

    public static Loaded fromModelDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "not a model directory");
        }
        Path vocabFile = dir.resolve("vocab.json");
        Path mergesFile = dir.resolve("merges.txt");
        Vocabulary vocab = Vocabulary.fromMap(readVocab(vocabFile), vocabFile.toString());
        // HF CLIPTokenizer: merges_handle.read().strip().split("\n")[1 : 49152 - 256 - 2 + 1]
        String text = pythonStrip(readUtf8(Files.readAllBytes(mergesFile), mergesFile));
        List<String> lines = Arrays.asList(text.split("\n", -1));
        PairRanks ranks = rankMerges(vocab, lines.subList(Math.min(1, lines.size()),
                Math.min(lines.size(), MERGE_COUNT + 1)), mergesFile);
        SpecialTokens special = SpecialTokens.read(dir);
        return new Loaded(vocab, ranks, special.id(vocab, special.bos(), "bos_token"),
                special.id(vocab, special.eos(), "eos_token"), special.id(vocab, special.pad(), "pad_token"),
                special.contextLength());
    }

    public static Loaded fromOpenAiBpe(Path gz) throws IOException {
        byte[] raw;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            raw = in.readAllBytes();
        } catch (java.util.zip.ZipException e) {
            throw new IOException(gz + ": not a gzip file (" + e.getMessage() + ")", e);
        }
        // simple_tokenizer.py: gzip.open(bpe_path).read().decode("utf-8").split('\n')[1:49152-256-2+1]
        List<String> lines = Arrays.asList(readUtf8(raw, gz).split("\n", -1));
        List<String> merges = lines.subList(Math.min(1, lines.size()), Math.min(lines.size(), MERGE_COUNT + 1));
        List<String> tokens = new ArrayList<>(2 * 256 + merges.size() + 2);
        for (int i = 0; i < 256; i++) {
            tokens.add(String.valueOf(ByteSymbols.symbolInVocabOrder(i)));
        }
        for (int i = 0; i < 256; i++) {
            tokens.add(ByteSymbols.symbolInVocabOrder(i) + Vocabulary.END_OF_WORD);
        }
        for (int r = 0; r < merges.size(); r++) {
            String[] pair = mergePair(merges.get(r), gz, r + 2);
            tokens.add(pair[0] + pair[1]);
        }
        tokens.add(PreTokenizer.START_OF_TEXT);
        tokens.add(PreTokenizer.END_OF_TEXT);
        Vocabulary vocab = Vocabulary.fromList(tokens, gz.toString());
        PairRanks ranks = rankMerges(vocab, merges, gz);
        return new Loaded(vocab, ranks, vocab.id(PreTokenizer.START_OF_TEXT),
                vocab.id(PreTokenizer.END_OF_TEXT), 0, DEFAULT_CONTEXT_LENGTH);
    }

    /** {@code vocab.json}: one JSON object of token → id, read with the streaming parser (50k entries). */
    private static Map<String, Integer> readVocab(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        Map<String, Integer> map = new HashMap<>(1 << 17);
        try (JsonParser p = VOCAB_JSON.createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException(file + ": expected a JSON object of token → id");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String token = p.currentName();
                if (p.nextToken() != JsonToken.VALUE_NUMBER_INT) {
                    throw new IllegalArgumentException(file + ": the id of token '" + token + "' is not an integer");
                }
                map.put(token, p.getIntValue());
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IllegalArgumentException(file + ": expected a single JSON object of token → id");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (map.isEmpty()) {
            throw new IllegalArgumentException(file + ": empty vocabulary");
        }
        return map;
    }

    /** Merge rank r is line r of {@code merges}; both halves and their concatenation must be tokens. */
    private static PairRanks rankMerges(Vocabulary vocab, List<String> merges, Path source) {
        PairRanks ranks = new PairRanks(merges.size());
        for (int r = 0; r < merges.size(); r++) {
            String[] pair = mergePair(merges.get(r), source, r + 2);
            int left = vocab.id(pair[0]);
            int right = vocab.id(pair[1]);
            int merged = vocab.id(pair[0] + pair[1]);
            if (left < 0 || right < 0 || merged < 0) {
                throw new IllegalArgumentException(source + ": line " + (r + 2) + " merges '" + pair[0] + "' '"
                        + pair[1] + "' but " + (left < 0 ? pair[0] : right < 0 ? pair[1] : pair[0] + pair[1])
                        + " is not in the vocabulary");
            }
            ranks.put(left, right, r, merged);
        }
        return ranks;
    }

    /** Python's {@code tuple(line.split())}, which must have exactly two parts. */
    private static String[] mergePair(String line, Path source, int lineNumber) {
        String s = pythonStrip(line);
        int gap = 0;
        while (gap < s.length() && !PythonText.isPythonSpace(s.charAt(gap))) {
            gap++;
        }
        int second = gap;
        while (second < s.length() && PythonText.isPythonSpace(s.charAt(second))) {
            second++;
        }
        String right = s.substring(second);
        boolean two = gap > 0 && !right.isEmpty() && right.chars().noneMatch(PythonText::isPythonSpace);
        if (!two) {
            throw new IllegalArgumentException(source + ": line " + lineNumber + " is not a merge of two symbols: '"
                    + line + "'");
        }
        return new String[] {s.substring(0, gap), right};
    }

    private static String pythonStrip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && PythonText.isPythonSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && PythonText.isPythonSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static String readUtf8(byte[] bytes, Path source) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(source + ": not UTF-8 text", e);
        }
    }
}

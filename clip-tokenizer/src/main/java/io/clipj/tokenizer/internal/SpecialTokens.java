package io.clipj.tokenizer.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Special tokens and context length of a HuggingFace tokenizer directory: {@code tokenizer_config.json},
 * then {@code special_tokens_map.json} (which wins where both name a token). A token is a plain string or an
 * {@code AddedToken} object whose {@code content} is the string. Absent values default to CLIP's:
 * {@code <|startoftext|>}, {@code <|endoftext|>} (end and pad) and 77; a {@code model_max_length} that is
 * not a positive integer below 2^31 (HF writes 1e30 when unset) also means 77.
 *
 * <p>Thread-safe: an immutable record.
 *
 * @param bos           start-of-text token string
 * @param eos           end-of-text token string
 * @param pad           padding token string
 * @param contextLength maximum ids per text, start and end included
 */
public record SpecialTokens(String bos, String eos, String pad, int contextLength) {

    public static SpecialTokens read(Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        String bos = PreTokenizer.START_OF_TEXT;
        String eos = PreTokenizer.END_OF_TEXT;
        String pad = PreTokenizer.END_OF_TEXT;
        int context = TokenizerFiles.DEFAULT_CONTEXT_LENGTH;
        for (String name : new String[] {"tokenizer_config.json", "special_tokens_map.json"}) {
            Path file = dir.resolve(name);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            JsonNode root;
            try {
                root = json.readTree(file.toFile());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException(file + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
            }
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException(file + ": expected a JSON object");
            }
            bos = token(root, "bos_token", bos, file);
            eos = token(root, "eos_token", eos, file);
            pad = token(root, "pad_token", pad, file);
            JsonNode max = root.get("model_max_length");
            if (max != null && max.canConvertToInt() && max.asInt() >= 2 && max.isIntegralNumber()) {
                context = max.asInt();
            }
        }
        return new SpecialTokens(bos, eos, pad, context);
    }

    private static String token(JsonNode root, String key, String fallback, Path file) {
        JsonNode node = root.get(key);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isObject() && node.path("content").isTextual()) {
            return node.get("content").asText();
        }
        throw new IllegalArgumentException(file + ": " + key + " is neither a string nor an object with 'content'");
    }

    /** The vocabulary id of a special token, which must exist. */
    public int id(Vocabulary vocab, String token, String key) {
        int id = vocab.id(token);
        if (id < 0) {
            throw new IllegalArgumentException(key + " '" + token + "' is not in the vocabulary");
        }
        return id;
    }
}

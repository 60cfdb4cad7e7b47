package io.clipj.weights.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reading one JSON file of a model directory, shared by the config readers, so every failure (missing file,
 * not UTF-8, not JSON, a bad value) is reported the same way: as an {@link IOException} naming the file.
 *
 * <p>Stateless and thread-safe.
 */
final class JsonConfigFile {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Largest config file read (a real one is a few kilobytes), so a huge or endless file is refused unread. */
    static final long MAX_BYTES = 16L << 20;

    /** Turns the text of one file into a config; throws {@link IllegalArgumentException} for bad values. */
    interface Parser<T> {
        T parse(String json) throws JsonProcessingException;
    }

    private JsonConfigFile() {
    }

    /**
     * Reads {@code fileName} below {@code path} when it is a directory, else {@code path} itself, and parses it.
     *
     * @param what names the file in the not-found message, e.g. "model config"
     */
    static <T> T read(Path path, String fileName, String what, Parser<T> parser) throws IOException {
        Path file = Files.isDirectory(path) ? path.resolve(fileName) : path;
        String json;
        try {
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                throw new IOException(file + ": not a regular file (a directory, device or pipe), expected the "
                        + what);
            }
            if (Files.exists(file) && Files.size(file) > MAX_BYTES) {
                throw new IOException(file + ": " + Files.size(file) + " bytes, more than the " + MAX_BYTES
                        + " a " + what + " may have");
            }
            json = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, what + " not found");
        } catch (CharacterCodingException e) {
            // Files.readString's own message ("Input length = 1") would not say which file is broken
            throw new IOException(file + ": not UTF-8 text (" + e + ")", e);
        }
        try {
            return parser.parse(json);
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** The root object of {@code json}; {@code what} names the document when it is not an object. */
    static JsonNode rootObject(String json, String what) throws JsonProcessingException {
        JsonNode root = MAPPER.readTree(json);
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(what + " is not a JSON object");
        }
        return root;
    }
}

package io.clipj.bench.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipj.weights.npy.Npy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reading the commands' input files and writing their {@code .npy} outputs atomically.
 *
 * <p>Stateless and thread-safe.
 */
final class CliInputs {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private CliInputs() {
    }

    /**
     * The {@code option}'s file as a JSON array of strings (the one texts-file reader of every command). Anything
     * else is an error naming the file: not a regular file, not UTF-8, not JSON, trailing content, not an array,
     * an element that is not a string.
     */
    static List<String> readTexts(String option, Path file) throws IOException {
        Inputs.requireFile(option, file);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IOException(file + ": not UTF-8 text; expected a JSON array of strings", e);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode() || !root.isArray()) {
            throw new IOException(file + ": expected a JSON array of strings, found "
                    + (root == null || root.isMissingNode() ? "nothing"
                    : root.getNodeType().toString().toLowerCase(Locale.ROOT)));
        }
        List<String> texts = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            if (!root.get(i).isTextual()) {
                throw new IOException(file + ": element " + i + " is "
                        + root.get(i).getNodeType().toString().toLowerCase(Locale.ROOT) + ", expected a string");
            }
            texts.add(root.get(i).textValue());
        }
        return texts;
    }

    /** A float32 {@code [N, C, H, W]} .npy file as one CHW array per image. */
    static float[][] readPixelValues(Path file) throws IOException {
        Npy.Array array = Npy.read(file);
        int[] shape = array.shape();
        if (shape.length != 4) {
            throw new IOException(file + ": expected pixel values of shape [N, C, H, W], got " + shape.length + " dimensions");
        }
        int n = shape[0];
        int per = n == 0 ? 0 : array.size() / n;
        float[][] rows = new float[n][per];
        for (int i = 0; i < n; i++) {
            System.arraycopy(array.data(), i * per, rows[i], 0, per);
        }
        return rows;
    }

    /** Writes a {@code [rows, cols]} float32 .npy file via a temporary file and an atomic move ({@link OutputFiles}). */
    static void writeMatrix(Path file, float[][] matrix, int cols) throws IOException {
        float[] flat = new float[matrix.length * cols];
        for (int i = 0; i < matrix.length; i++) {
            System.arraycopy(matrix[i], 0, flat, i * cols, cols);
        }
        OutputFiles.writeNpy(file, flat, matrix.length, cols);
    }
}

package io.clipj.bench.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipj.tokenizer.ClipTokenizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tokenize --model M --texts-file F.json}: prints a JSON array with one array of ids per text (start
 * token, ids, end token; no padding; truncated to the context length), as {@code shared/docs/CLI.md} fixes.
 *
 * <p>Not thread-safe: picocli fills one instance per run.
 */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
        description = "Tokenize a JSON array of strings; prints one array of token ids per text (start and end included).")
public final class TokenizeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--texts-file", required = true, paramLabel = "F.json",
            description = "A JSON file holding an array of strings.")
    Path textsFile;

    @Option(names = "--fix-text", description = "Apply the ftfy subset (FixText) first; off by default, like the golden ids.")
    boolean fixText;

    @Override
    public Integer call() throws IOException {
        List<String> texts = readTexts(textsFile);
        ClipTokenizer tokenizer = ClipTokenizer.fromModelDirectory(model.directory()).withFixText(fixText);
        StringBuilder out = new StringBuilder(texts.size() * 64).append('[');
        for (int i = 0; i < texts.size(); i++) {
            int[] ids = tokenizer.encode(texts.get(i));
            out.append(i == 0 ? "" : ",").append('[');
            for (int k = 0; k < ids.length; k++) {
                out.append(k == 0 ? "" : ",").append(ids[k]);
            }
            out.append(']');
        }
        out.append(']');
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println(out);
        stdout.flush();
        return 0;
    }

    /** The file's JSON array of strings; any other content is an error naming the file. */
    static List<String> readTexts(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        JsonNode root;
        try {
            root = new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (root == null || root.isMissingNode() || !root.isArray()) {
            throw new IllegalArgumentException(file + ": expected a JSON array of strings, found "
                    + (root == null ? "nothing" : root.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
        }
        List<String> texts = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            JsonNode n = root.get(i);
            if (!n.isTextual()) {
                throw new IllegalArgumentException(file + ": element " + i + " is "
                        + n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + ", expected a string");
            }
            texts.add(n.asText());
        }
        return texts;
    }
}

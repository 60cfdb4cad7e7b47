package io.clipj.bench.cli;

import io.clipj.tokenizer.ClipTokenizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
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
        List<String> texts = CliInputs.readTexts("--texts-file", textsFile);
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
}

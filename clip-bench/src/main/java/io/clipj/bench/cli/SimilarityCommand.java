package io.clipj.bench.cli;

import io.clipj.Clip;
import io.clipj.SimilarityResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code similarity}: the cosine-similarity matrix of images against texts as a table on stdout and,
 * optionally, a heatmap PNG.
 *
 * <p>Not thread-safe (one instance per command-line run).
 */
@Command(name = "similarity", mixinStandardHelpOptions = true,
        description = "Cosine similarity of images (rows) against texts (columns): a table on stdout and an optional"
                + " heatmap PNG.")
public final class SimilarityCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Option(names = "--images", arity = "1..*", required = true, paramLabel = "IMAGE", description = "image files")
    List<Path> images;

    @Option(names = "--texts", arity = "1..*", required = true, paramLabel = "T", description = "texts to compare with")
    List<String> texts;

    @Option(names = "--heatmap", paramLabel = "out.png", description = "also draw the matrix as a heatmap PNG")
    Path heatmap;

    @Override
    public Integer call() throws Exception {
        SimilarityResult result;
        try (Clip clip = model.load()) {
            result = clip.similarity(images, texts);
        }
        List<String> rows = new ArrayList<>();
        for (Path p : images) {
            rows.add(p.getFileName().toString());
        }
        float[][] cosine = result.cosine();
        printTable(spec.commandLine().getOut(), rows, texts, cosine, result.probabilities());
        if (heatmap != null) {
            SimilarityHeatmap.write(heatmap, "Cosine similarity, " + Path.of(model.model).getFileName(), rows, texts, cosine);
            spec.commandLine().getErr().println("wrote " + heatmap);
        }
        return 0;
    }

    /** One row per image: cosine with each text, then the most probable text. */
    static void printTable(PrintWriter out, List<String> rows, List<String> cols, float[][] cosine, float[][] probs) {
        int first = 6;
        for (String r : rows) {
            first = Math.max(first, r.length());
        }
        StringBuilder header = new StringBuilder(String.format("%-" + first + "s", "image"));
        for (int j = 0; j < cols.size(); j++) {
            header.append(String.format("  %8s", "T" + (j + 1)));
        }
        header.append("  best text (probability)");
        out.println(header);
        for (int i = 0; i < rows.size(); i++) {
            StringBuilder line = new StringBuilder(String.format("%-" + first + "s", rows.get(i)));
            int best = 0;
            for (int j = 0; j < cols.size(); j++) {
                line.append(String.format("  %8.4f", cosine[i][j]));
                if (probs[i][j] > probs[i][best]) {
                    best = j;
                }
            }
            line.append(String.format("  T%d (%.3f)", best + 1, probs[i][best]));
            out.println(line);
        }
        out.println();
        for (int j = 0; j < cols.size(); j++) {
            out.println("T" + (j + 1) + " = " + cols.get(j).replaceAll("\\s+", " ").strip());
        }
        out.flush();
    }
}

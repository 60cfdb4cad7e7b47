package io.clipj.bench.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipj.Clip;
import io.clipj.ClipOptions;
import io.clipj.index.ClipIndex;
import io.clipj.index.SearchHit;
import io.clipj.index.SearchQuery;
import io.clipj.weights.AtomicFiles;
import io.clipj.weights.hub.ModelLocator;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code search}: ranks the index against an rclip-style query ({@link SearchQuery}); prints
 * {@code score<TAB>path} per result, best first; optionally {@code R.json} and a contact sheet PNG.
 */
@Command(name = "search", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Search an index: TERMs are texts or image files; W:term weights; '+'/'-' before a term adds/subtracts it.")
public final class SearchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--index", required = true, paramLabel = "DIR", description = "Index directory.")
    Path index;

    @Option(names = "--model", paramLabel = "M",
            description = "Model directory or Hub id (default: the one recorded in the index; another is refused).")
    String model;

    @Option(names = "--top", defaultValue = "10", paramLabel = "K", description = "Results (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--out", paramLabel = "R.json", description = "Write the results as JSON.")
    Path out;

    @Option(names = "--sheet", paramLabel = "S.png", description = "Write a contact sheet of the results.")
    Path sheet;

    @Parameters(arity = "1..*", paramLabel = "TERM", description = "Query terms (after --, every argument is a term).")
    List<String> terms;

    @Override
    public Integer call() throws Exception {
        if (top < 1) {
            throw new IllegalArgumentException("--top must be at least 1, got " + top);
        }
        SearchQuery query = SearchQuery.parse(terms);
        String name = model != null ? model : ClipIndex.recordedModel(index);
        Path modelDir = ModelLocator.resolve(name);
        List<SearchHit> hits;
        try (Clip clip = Clip.load(modelDir, ClipOptions.defaults());
             ClipIndex idx = ClipIndex.open(index, clip, modelDir)) {
            hits = idx.search(query, top);
        }
        if (out != null) {
            ObjectMapper json = new ObjectMapper();
            ObjectNode root = json.createObjectNode();
            ArrayNode q = root.putArray("query");
            terms.forEach(q::add);
            ArrayNode results = root.putArray("results");
            for (SearchHit h : hits) {
                results.addObject().put("rank", h.rank()).put("path", h.path()).put("score", h.score());
            }
            byte[] bytes = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
            AtomicFiles.write(out, ch -> ch.write(ByteBuffer.wrap(bytes)));
        }
        if (sheet != null) {
            ContactSheet.write(sheet, String.join(" ", terms), hits);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        for (SearchHit h : hits) {
            stdout.println(String.format(Locale.ROOT, "%.4f", h.score()) + "\t" + h.path());
        }
        stdout.flush();
        return 0;
    }
}

package io.clipj.bench.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code clip-bench} command line: {@code java -jar clip-bench.jar <command> ...}. The contract of each
 * command is {@code shared/docs/CLI.md}: results on stdout, diagnostics on stderr, and on any failure a
 * non-zero exit with one line naming the bad input.
 */
@Command(
        name = "clip-bench",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "CLIP in pure Java: tokenize, preprocess, embed, similarity, zero-shot evaluation, embedding maps,"
                + " benchmarks, image search.",
        subcommands = {
            CommandLine.HelpCommand.class,
            TokenizeCommand.class,
            PreprocessCommand.class,
            EmbedCommand.class,
            SimilarityCommand.class,
            ZeroShotCommand.class,
            EmbeddingMapCommand.class,
            BenchCommand.class,
            ClientsBenchCommand.class,
            io.clipj.bench.search.IndexCommand.class,
            io.clipj.bench.search.SearchCommand.class,
        })
public final class ClipCli implements java.util.concurrent.Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private ClipCli() {
    }

    /** No command given: the usage on stderr, exit 2 (a bad command line). */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        spec.commandLine().getErr().flush();
        return ErrorHandler.EXIT_USAGE;
    }

    /** Builds the command line with clipj's error handling (one line on stderr, exit 1; usage errors exit 2). */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new ClipCli());
        cli.setExecutionExceptionHandler(new ErrorHandler());
        cli.setParameterExceptionHandler(new ErrorHandler());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        CommandLine.IExecutionStrategy runLast = new CommandLine.RunLast();
        cli.setExecutionStrategy(parseResult -> {
            try {
                return runLast.execute(parseResult);
            } catch (Error e) {
                CommandLine.ParseResult last = parseResult;
                while (last.hasSubcommand()) {
                    last = last.subcommand();
                }
                return ErrorHandler.handleError(e, last.commandSpec().commandLine());
            }
        });
        return cli;
    }

    public static void main(String[] args) {
        int exit;
        try {
            exit = commandLine().execute(args);
        } catch (Throwable t) {
            // anything that escaped picocli (e.g. an Error while building the command line): still one line
            System.err.println("clip-bench: error: " + ErrorHandler.describe(t));
            exit = ErrorHandler.EXIT_FAILURE;
        }
        System.exit(exit);
    }
}

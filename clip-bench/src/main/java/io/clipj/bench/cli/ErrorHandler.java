package io.clipj.bench.cli;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one line on stderr ({@code clip-bench: error: ...}) and a non-zero exit: 2 for a
 * bad command line, 1 for anything that went wrong while running. The stack trace is printed only with
 * {@code -Dclipj.debug=true}.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

    static final int EXIT_FAILURE = 1;
    static final int EXIT_USAGE = 2;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        cmd.getErr().println(prefix(cmd) + ": error: " + describe(ex));
        if (Boolean.getBoolean("clipj.debug")) {
            ex.printStackTrace(cmd.getErr());
        }
        cmd.getErr().flush();
        return EXIT_FAILURE;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String msg = String.valueOf(ex.getMessage());
        // picocli's argument-group messages start with their own "Error: "
        cmd.getErr().println(prefix(cmd) + ": error: " + (msg.startsWith("Error: ") ? msg.substring(7) : msg));
        cmd.getErr().println("Try 'java -jar clip-bench.jar " + (cmd.getParent() == null ? "" : cmd.getCommandName()
                + " ") + "--help'.");
        cmd.getErr().flush();
        return EXIT_USAGE;
    }

    /** {@code clip-bench} for the top-level command, {@code clip-bench NAME} for a subcommand. */
    private static String prefix(CommandLine cmd) {
        return cmd.getParent() == null ? "clip-bench" : "clip-bench " + cmd.getCommandName();
    }

    /** A one-line message that names the input: file-system exceptions carry the path in a separate field. */
    static String describe(Throwable ex) {
        Throwable t = ex instanceof UncheckedIOException && ex.getCause() != null ? ex.getCause() : ex;
        if (t instanceof NoSuchFileException e) {
            return e.getFile() + ": no such file" + (e.getReason() != null ? " (" + e.getReason() + ")" : "");
        }
        if (t instanceof AccessDeniedException e) {
            return e.getFile() + ": permission denied";
        }
        if (t instanceof FileSystemException e) {
            return e.getMessage();
        }
        if (t instanceof FileNotFoundException) {
            return t.getMessage();
        }
        String msg = t.getMessage();
        if (msg == null || msg.isBlank()) {
            msg = t.getClass().getSimpleName();
        }
        if (t instanceof OutOfMemoryError) {
            msg = "out of memory (" + msg + "); try a smaller --batch-size or a larger -Xmx";
        }
        return msg.replace('\n', ' ');
    }
}

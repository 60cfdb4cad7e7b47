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

    /**
     * The last line of defence for {@link Error}s, which picocli lets through its exception handler: out of
     * memory, a stack overflow, a limit that failed to initialise ({@code ExceptionInInitializerError}). One
     * line, exit 1, the trace only with {@code -Dclipj.debug=true}.
     */
    static int handleError(Error error, CommandLine cmd) {
        try {
            cmd.getErr().println("clip-bench " + cmd.getCommandName() + ": error: " + describe(error));
            if (Boolean.getBoolean("clipj.debug")) {
                error.printStackTrace(cmd.getErr());
            }
            cmd.getErr().flush();
        } catch (Throwable ignored) {
            // nothing more can be reported; the exit code still says it failed
        }
        return EXIT_FAILURE;
    }

    /**
     * A one-line message that names the input (file-system exceptions carry the path in a separate field), safe
     * for a terminal ({@link #oneLine}).
     */
    static String describe(Throwable ex) {
        return oneLine(message(ex));
    }

    private static String message(Throwable ex) {
        Throwable t = ex instanceof UncheckedIOException && ex.getCause() != null ? ex.getCause() : ex;
        // a -Dclipj.* limit that is not a positive number fails its class's initialisation (later uses of the
        // class then fail with NoClassDefFoundError caused by that): report the property's own message
        while ((t instanceof ExceptionInInitializerError || t instanceof NoClassDefFoundError) && t.getCause() != null) {
            t = t.getCause();
        }
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
        } else if (t instanceof StackOverflowError) {
            msg = "stack overflow (an input nested too deeply?)";
        } else if (t instanceof Error && !(t instanceof OutOfMemoryError)) {
            msg = t.getClass().getSimpleName() + ": " + msg;
        }
        return msg;
    }

    /**
     * {@code msg} on one line, with control characters (terminal escape sequences from a hostile file or tar
     * member name) shown as backslash-u escapes instead of reaching the terminal, and cut at 1000 characters.
     */
    static String oneLine(String msg) {
        StringBuilder sb = new StringBuilder(Math.min(msg.length(), 1000) + 16);
        for (int i = 0; i < msg.length() && sb.length() < 1000; i++) {
            char c = msg.charAt(i);
            if (c == '\n' || c == '\r' || c == '\t') {
                sb.append(' ');
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\u202e') {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.length() >= 1000 && msg.length() > sb.length() ? sb + "..." : sb.toString();
    }
}

package io.clipj.spark;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Every failure as one line on stderr ({@code clip-spark embed: error: ...}) and a non-zero exit: 2 for a bad
 * command line, 1 for anything else. A task's exception reaches the driver wrapped in Spark's job-abort
 * exception, whose message carries the executor's stack trace; the line gives the task's own message.
 * {@code -Dclipj.debug=true} adds the stack trace.
 */
final class SparkErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        cmd.getErr().println("clip-spark " + cmd.getCommandName() + ": error: " + describe(ex));
        if (Boolean.getBoolean("clipj.debug")) {
            ex.printStackTrace(cmd.getErr());
        }
        cmd.getErr().flush();
        return 1;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        cmd.getErr().println("clip-spark " + cmd.getCommandName() + ": error: " + ex.getMessage());
        cmd.getErr().println("Try 'java -jar clip-spark.jar " + cmd.getCommandName() + " --help'.");
        cmd.getErr().flush();
        return 2;
    }

    /** One line naming the input: the innermost cause that is not Spark's own wrapper. */
    static String describe(Throwable ex) {
        Throwable t = ex;
        while (t.getCause() != null && t.getCause() != t
                && (t.getClass().getName().startsWith("org.apache.spark.") || t instanceof java.util.concurrent.ExecutionException
                || t instanceof java.io.UncheckedIOException)) {
            t = t.getCause();
        }
        if (t instanceof NoSuchFileException e) {
            return e.getFile() + ": no such file" + (e.getReason() != null ? " (" + e.getReason() + ")" : "");
        }
        if (t instanceof AccessDeniedException e) {
            return e.getFile() + ": permission denied";
        }
        String msg = t.getMessage();
        if (msg == null || msg.isBlank()) {
            msg = t.getClass().getSimpleName();
        }
        if (t.getClass().getName().startsWith("org.apache.spark.")) {
            // no cause came back: the task's exception is the text after the last "): " of the first line
            String first = msg.lines().findFirst().orElse(msg);
            int at = first.lastIndexOf("): ");
            msg = at >= 0 ? first.substring(at + 3) : first;
        }
        if (t instanceof OutOfMemoryError) {
            msg = "out of memory (" + msg + "); give the driver or executors more memory";
        }
        return msg.replace('\n', ' ').replace('\r', ' ');
    }
}

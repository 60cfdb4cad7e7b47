package io.clipj.spark;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar clip-spark.jar embed ...}: the Spark jobs of clipj. Spark needs some {@code java.base}
 * packages opened on Java 17; {@code java -jar} opens them from the jar's manifest ({@code Add-Opens}) and
 * {@code spark-submit} passes them itself. Started any other way without them ({@code java -cp}), the command
 * relaunches itself once in a child JVM with the same options plus the opens.
 */
@Command(name = "clip-spark", mixinStandardHelpOptions = true,
        description = "CLIP embeddings and CLIP-score filtering of WebDataset shards on Apache Spark.",
        subcommands = {CommandLine.HelpCommand.class, SparkEmbedCommand.class})
public final class SparkCli {

    /** The {@code java.base} packages Spark reflects into (Spark's own JavaModuleOptions list). */
    static final List<String> OPENS = List.of("java.lang", "java.lang.invoke", "java.lang.reflect", "java.io",
            "java.net", "java.nio", "java.util", "java.util.concurrent", "java.util.concurrent.atomic",
            "jdk.internal.ref", "sun.nio.ch", "sun.nio.cs", "sun.security.action", "sun.util.calendar");

    private SparkCli() {
    }

    /** The command line with clipj's error handling. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new SparkCli());
        cli.setExecutionExceptionHandler(new SparkErrorHandler());
        cli.setParameterExceptionHandler(new SparkErrorHandler());
        return cli;
    }

    public static void main(String[] args) throws Exception {
        if (!opened() && System.getProperty("clipj.spark.relaunched") == null) {
            System.exit(relaunch(args));
        }
        System.setProperty("io.netty.tryReflectionSetAccessible",
                System.getProperty("io.netty.tryReflectionSetAccessible", "true"));
        System.exit(commandLine().execute(args));
    }

    private static boolean opened() {
        Module base = Object.class.getModule();
        Module self = SparkCli.class.getModule();
        return OPENS.stream().allMatch(p -> base.isOpen(p, self));
    }

    private static int relaunch(String[] args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        for (String p : OPENS) {
            cmd.add("--add-opens=java.base/" + p + "=ALL-UNNAMED");
        }
        cmd.add("-Dclipj.spark.relaunched=true");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(SparkCli.class.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).inheritIO().start().waitFor();
    }
}

/**
 * The {@code clip-bench} command line (picocli): one class per command, following
 * {@code shared/docs/CLI.md}. Commands print results to stdout, diagnostics and progress to stderr, and
 * exit non-zero with a one-line message naming the bad input on any failure.
 */
package io.clipj.bench.cli;

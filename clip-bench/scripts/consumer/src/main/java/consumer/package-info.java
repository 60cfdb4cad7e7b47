/**
 * A stand-alone consumer of {@code io.clipj:clip-core}, built against a freshly installed snapshot in an empty
 * local repository by {@code run.sh}: it checks what a user's project resolves, that start-up prints no
 * {@code Warning: Loader} lines, and that the single-item calls equal the batch call's row.
 */
package consumer;

package io.clipj.spark;

import java.io.Serializable;

/**
 * What an {@code embed} job does, as the tasks need it.
 *
 * @param model         local model directory (on every node) or a Hadoop URI of one
 * @param out           output directory, a Hadoop path
 * @param minScore      write {@code filtered} files of samples scoring at least this, or {@code null}
 * @param batchSize     images or texts per model call
 * @param maxImageBytes largest image member read; a larger one fails its sample
 */
record EmbedSpec(String model, String out, Double minScore, int batchSize, long maxImageBytes) implements Serializable {
}

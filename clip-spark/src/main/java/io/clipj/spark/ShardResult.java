package io.clipj.spark;

import java.io.Serializable;

/**
 * What one task did with one shard, sent back to the driver.
 *
 * @param index   the shard's position in sorted input order (the {@code i} of its output names)
 * @param shard   the shard's path
 * @param samples samples embedded (rows of its {@code .npy} files)
 * @param failed  samples listed in its {@code failed} file
 * @param error   why the shard could not be read (a corrupt tar), in which case nothing was written; else {@code null}
 */
record ShardResult(int index, String shard, long samples, long failed, String error) implements Serializable {
}

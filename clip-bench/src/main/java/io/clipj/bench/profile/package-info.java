/**
 * Where a tower's time goes: {@link io.clipj.bench.profile.OpTimes}, a SameDiff listener that sums the wall time
 * of every graph op by kind, used by {@code bench --profile}.
 */
package io.clipj.bench.profile;

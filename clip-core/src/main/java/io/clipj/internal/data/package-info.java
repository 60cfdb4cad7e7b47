/**
 * Internals of {@link io.clipj.data}: the streaming tar reader (ustar, GNU long names, pax), webdataset member
 * naming, per-shard sample assembly and text-line files. Not public API: names and signatures change without
 * notice.
 */
package io.clipj.internal.data;

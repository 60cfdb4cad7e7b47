package io.clipj.internal.data;

/**
 * One regular-file member of a tar archive, as {@link TarReader#nextEntry()} reports it: its full name (ustar
 * prefix, GNU long name or pax {@code path} applied) and its content size in bytes.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the member name, never validated here (see {@link MemberNames})
 * @param size the content size in bytes, non-negative
 */
public record TarEntry(String name, long size) {
}

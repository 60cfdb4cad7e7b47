package io.clipj.weights.internal.hub;

import java.net.URI;

/**
 * What a Hub {@code HEAD /{repo}/resolve/{revision}/{file}} says about a file, as huggingface_hub's
 * {@code HfFileMetadata}.
 *
 * @param commit   {@code X-Repo-Commit}: the commit the revision points at
 * @param etag     {@code X-Linked-Etag} (LFS: the SHA-256 of the content) or {@code ETag} (git blob sha1),
 *                 without quotes
 * @param location where to GET the bytes ({@code Location} of a redirect to the CDN, else the resolve URL)
 * @param size     {@code X-Linked-Size} or {@code Content-Length}
 * @param lfs      whether the file is stored in LFS (then {@code etag} is its SHA-256)
 *
 * <p>Immutable and thread-safe.
 */
public record FileMetadata(String commit, String etag, URI location, long size, boolean lfs) {
}

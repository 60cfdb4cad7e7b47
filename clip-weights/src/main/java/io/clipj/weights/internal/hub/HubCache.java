package io.clipj.weights.internal.hub;

import io.clipj.weights.AtomicFiles;
import io.clipj.weights.hub.HubException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The huggingface_hub cache layout, file for file, so that Python and clipj share one cache:
 * <pre>
 * {cache}/models--{org}--{name}/blobs/{etag}                 file bytes (etag = git sha1, or sha256 for LFS)
 * {cache}/models--{org}--{name}/blobs/{etag}.incomplete      a download in progress (resumable)
 * {cache}/models--{org}--{name}/snapshots/{commit}/{file}    relative symlink ../../blobs/{etag}
 * {cache}/models--{org}--{name}/refs/{revision}              the commit of a branch or tag, no newline
 * {cache}/models--{org}--{name}/.no_exist/{commit}/{file}    empty: the file does not exist at that commit
 * {cache}/.locks/models--{org}--{name}/{etag}.lock           inter-process lock per blob
 * {cache}/CACHEDIR.TAG                                       tells backup tools to skip the cache
 * </pre>
 * Every name taken from the network (commit, etag, file names from an index) is checked before it becomes
 * a path, so a hostile server cannot write outside the repo folder.
 *
 * <p>Immutable and thread-safe; concurrent writers are made safe by atomic renames and {@link BlobLock}.
 */
public final class HubCache {

    private static final Logger LOG = LoggerFactory.getLogger(HubCache.class);
    public static final Pattern COMMIT_HASH = Pattern.compile("^[0-9a-f]{40}$");
    private static final Pattern SAFE_ETAG = Pattern.compile("^[A-Za-z0-9_-][A-Za-z0-9._-]*$");

    private final Path root;

    public HubCache(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /**
     * {@code models--org--name}, or {@code datasets--org--name} for a dataset (whose repo path here is
     * {@code datasets/org/name}, as in its Hub URLs), as huggingface_hub's {@code repo_folder_name}.
     */
    public static String repoFolderName(String repoId) {
        if (repoId.startsWith(DATASET_PREFIX)) {
            return "datasets--" + repoId.substring(DATASET_PREFIX.length()).replace("/", "--");
        }
        return "models--" + repoId.replace("/", "--");
    }

    /** The path prefix of dataset repos in Hub URLs ({@code {endpoint}/datasets/org/name/resolve/...}). */
    public static final String DATASET_PREFIX = "datasets/";

    public Path storage(String repoId) {
        return root.resolve(repoFolderName(repoId));
    }

    public Path blob(String repoId, String etag) {
        return storage(repoId).resolve("blobs").resolve(checkEtag(etag));
    }

    public Path incomplete(String repoId, String etag) {
        return storage(repoId).resolve("blobs").resolve(checkEtag(etag) + ".incomplete");
    }

    public Path lock(String repoId, String etag) {
        return root.resolve(".locks").resolve(repoFolderName(repoId)).resolve(checkEtag(etag) + ".lock");
    }

    public Path snapshot(String repoId, String commit) {
        return storage(repoId).resolve("snapshots").resolve(checkCommit(commit));
    }

    public Path pointer(String repoId, String commit, String filename) {
        return inside(snapshot(repoId, commit), filename);
    }

    public Path noExist(String repoId, String commit, String filename) {
        return inside(storage(repoId).resolve(".no_exist").resolve(checkCommit(commit)), filename);
    }

    private Path ref(String repoId, String revision) {
        return inside(storage(repoId).resolve("refs"), revision);
    }

    /** The commit a revision stands for in the cache: itself if a commit hash, else {@code refs/{revision}}. */
    public Optional<String> commitFor(String repoId, String revision) throws IOException {
        if (COMMIT_HASH.matcher(revision).matches()) {
            return Optional.of(revision);
        }
        Path ref = ref(repoId, revision);
        if (!Files.isRegularFile(ref)) {
            return Optional.empty();
        }
        String commit = Files.readString(ref, StandardCharsets.UTF_8).trim();
        if (!COMMIT_HASH.matcher(commit).matches()) {
            throw new HubException(HubException.Reason.PROTOCOL,
                    "cache file " + ref + " does not hold a commit hash (found '" + commit + "'); delete it");
        }
        return Optional.of(commit);
    }

    /** Records {@code refs/{revision} = commit} unless the revision is the commit or already recorded. */
    public void writeRef(String repoId, String revision, String commit) throws IOException {
        if (revision.equals(commit)) {
            return;
        }
        Path ref = ref(repoId, revision);
        if (Files.isRegularFile(ref) && Files.readString(ref, StandardCharsets.UTF_8).equals(commit)) {
            // Unchanged: do not write, so a read-only cache keeps working (huggingface_hub issue 1216).
            return;
        }
        Files.createDirectories(ref.getParent());
        Path tmp = ref.resolveSibling(".tmp-" + UUID.randomUUID());
        Files.writeString(tmp, commit, StandardCharsets.UTF_8);
        AtomicFiles.move(tmp, ref);
    }

    /**
     * Writes {@code CACHEDIR.TAG} (the Cache Directory Tagging Standard) at the cache root if absent, so backup
     * tools skip the cache; huggingface_hub 1.x writes the same signature.
     */
    public void tagCacheDir() {
        Path tag = root.resolve("CACHEDIR.TAG");
        if (Files.exists(tag)) {
            return;
        }
        try {
            Files.createDirectories(root);
            Path tmp = root.resolve(".tmp-" + UUID.randomUUID());
            Files.writeString(tmp, "Signature: 8a477f597d28d172789f06886806bc55\n"
                    + "# This file is a cache directory tag created by clipj for the huggingface_hub cache.\n"
                    + "# For information about cache directory tags, see:\n#\thttps://bford.info/cachedir/\n",
                    StandardCharsets.UTF_8);
            AtomicFiles.move(tmp, tag);
        } catch (IOException e) {
            LOG.debug("could not write {}: {}", tag, e.toString());
        }
    }

    /** Records that {@code filename} does not exist at {@code commit}; failures only log (as in Python). */
    public void markNoExist(String repoId, String commit, String filename) {
        try {
            Path marker = noExist(repoId, commit, filename);
            Files.createDirectories(marker.getParent());
            if (!Files.exists(marker)) {
                Files.createFile(marker);
            }
        } catch (FileAlreadyExistsException e) {
            // Another thread recorded it first: same outcome.
        } catch (IOException e) {
            LOG.warn("could not record that {} is absent at {}: {}", filename, commit, e.toString());
        }
    }

    public boolean isNoExist(String repoId, String commit, String filename) {
        return Files.isRegularFile(noExist(repoId, commit, filename));
    }

    /**
     * Points {@code pointer} at {@code blob} with a relative symlink ({@code ../../blobs/...}), replacing
     * any previous entry atomically; copies the blob where the file system refuses symlinks.
     */
    public void createPointer(Path blob, Path pointer) throws IOException {
        Files.createDirectories(pointer.getParent());
        Path target = pointer.getParent().relativize(blob);
        Path tmp = pointer.resolveSibling(".tmp-" + UUID.randomUUID());
        try {
            Files.createSymbolicLink(tmp, target);
        } catch (UnsupportedOperationException | IOException e) {
            // As huggingface_hub without symlink support (e.g. Windows without developer mode): a copy.
            LOG.info("symlinks not supported in {} ({}); copying {} instead", pointer.getParent(), e, blob);
            Files.deleteIfExists(tmp);
            Files.copy(blob, tmp);
        }
        AtomicFiles.move(tmp, pointer);
    }


    public static boolean isCommitHash(String revision) {
        return COMMIT_HASH.matcher(revision).matches();
    }

    private static String checkCommit(String commit) {
        if (!COMMIT_HASH.matcher(commit).matches()) {
            throw new IllegalArgumentException("not a 40-hex commit hash: '" + commit + "'");
        }
        return commit;
    }

    private static String checkEtag(String etag) {
        if (!SAFE_ETAG.matcher(etag).matches()) {
            throw new IllegalArgumentException("unsafe ETag for a cache file name: '" + etag + "'");
        }
        return etag;
    }

    /** {@code dir/relative}, refusing absolute names, {@code ..}, empty segments and backslashes. */
    public static Path inside(Path dir, String relative) {
        if (relative.isEmpty() || relative.startsWith("/") || relative.contains("\\") || relative.contains("\0")) {
            throw new IllegalArgumentException("unsafe file name in repo: '" + relative + "'");
        }
        for (String segment : relative.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("unsafe file name in repo: '" + relative + "'");
            }
        }
        Path p = dir.resolve(relative).normalize();
        if (!p.startsWith(dir)) {
            throw new IllegalArgumentException("unsafe file name in repo: '" + relative + "'");
        }
        return p;
    }
}

package io.clipj.weights.hub;

import io.clipj.weights.internal.hub.FileFetcher;
import io.clipj.weights.internal.hub.HubCache;
import io.clipj.weights.internal.hub.HubHttp;
import io.clipj.weights.internal.hub.ModelFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves a HuggingFace Hub model id to a local model directory, like transformers' {@code from_pretrained}:
 * config, tokenizer and preprocessor files and the weights ({@code model.safetensors} preferred, else
 * {@code pytorch_model.bin}, or their sharded indexes and shards) are fetched into the huggingface_hub cache
 * ({@code models--org--name/{blobs,snapshots,refs,.no_exist}}, shared with Python) and the snapshot directory
 * {@code snapshots/{commit}} is returned. An argument that is an existing directory is returned as is.
 *
 * <pre>{@code
 * HubResolver hub = new HubResolver(HubOptions.fromEnvironment());
 * Path dir = hub.resolve("openai/clip-vit-base-patch32");   // .../snapshots/3d74acf9.../
 * ClipConfig config = ClipConfigReader.read(dir);
 * }</pre>
 *
 * <p>{@code config.json} is asked for at the requested revision; its commit then pins every other file, so the
 * directory is one consistent snapshot, and files a commit's snapshot already has cost no network at all.
 * Offline ({@code HF_HUB_OFFLINE=1}) everything comes from the cache through {@code refs/{revision}}.
 * Downloads are verified (size; SHA-256 for LFS files), resumable, and safe against concurrent resolvers.
 *
 * <p>Immutable and thread-safe: one instance may serve all threads.
 */
public final class HubResolver {

    private static final Logger LOG = LoggerFactory.getLogger(HubResolver.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?");

    private final HubOptions options;
    private final HubCache cache;
    private final FileFetcher fetcher;

    public HubResolver(HubOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.cache = new HubCache(options.cacheDir());
        this.fetcher = new FileFetcher(cache, new HubHttp(options), options);
    }

    /** The options in use. */
    public HubOptions options() {
        return options;
    }

    /**
     * A local model directory for {@code repoIdOrLocalPath}: the directory itself if it exists, else the cached
     * snapshot of the repo id ({@code org/name} or {@code name}) at the configured revision.
     *
     * @throws HubException naming the repo, revision, file or URL and what to do, when it cannot be resolved
     */
    public Path resolve(String repoIdOrLocalPath) throws IOException {
        Objects.requireNonNull(repoIdOrLocalPath, "repoIdOrLocalPath");
        String arg = repoIdOrLocalPath.trim();
        Path local = asPath(arg);
        if (local != null && Files.isDirectory(local)) {
            return local;
        }
        if (local != null && Files.exists(local)) {
            throw new HubException(HubException.Reason.INVALID_REPO_ID, "'" + arg + "' is a file; pass the model"
                    + " directory that holds it (with config.json and the tokenizer files) or a Hub repo id");
        }
        String repoId = checkRepoId(arg);
        String revision = options.revision();
        Path config = fetcher.fetch(repoId, revision, ModelFiles.CONFIG)
                .orElseThrow(() -> missing(repoId, revision, ModelFiles.CONFIG));
        String commit = config.getParent().getFileName().toString();
        LOG.debug("{}@{} is commit {}", repoId, revision, commit);
        for (String file : ModelFiles.REQUIRED) {
            if (fetcher.fetch(repoId, commit, file).isEmpty()) {
                throw missing(repoId, commit, file);
            }
        }
        for (String file : ModelFiles.OPTIONAL) {
            try {
                fetcher.fetch(repoId, commit, file);
            } catch (HubException e) {
                if (!e.cacheMiss()) {
                    throw e;
                }
                // A cache filled by snapshot_download has no .no_exist markers: not knowing is fine here.
                LOG.debug("optional {} of {} not cached and the Hub cannot be asked; continuing without it", file,
                        repoId);
            }
        }
        fetchWeights(repoId, commit);
        return cache.snapshot(repoId, commit);
    }

    private void fetchWeights(String repoId, String commit) throws IOException {
        HubException firstFailure = null;
        for (String file : ModelFiles.WEIGHTS) {
            Optional<Path> found;
            try {
                found = fetcher.fetch(repoId, commit, file);
            } catch (HubException e) {
                if (e.cacheMiss()) {
                    // The Hub cannot be asked (offline, no network), but a less preferred file may be cached, as
                    // transformers also falls back; report this only if none is. A failed download is raised:
                    // falling back then would silently change the weights.
                    firstFailure = firstFailure == null ? e : firstFailure;
                    continue;
                }
                throw e;
            }
            if (found.isEmpty()) {
                continue;
            }
            if (ModelFiles.isIndex(file)) {
                for (String shard : ModelFiles.shards(found.get())) {
                    fetchShard(repoId, commit, file, shard);
                }
            }
            LOG.debug("weights of {}: {}", repoId, file);
            return;
        }
        if (firstFailure != null) {
            throw new HubException(firstFailure.reason(), "no weight file of '" + repoId + "' at commit " + commit
                    + " could be found (tried " + String.join(", ", ModelFiles.WEIGHTS) + "): "
                    + firstFailure.getMessage(), firstFailure);
        }
        throw new HubException(HubException.Reason.ENTRY_NOT_FOUND, "'" + repoId + "' at commit " + commit
                + " has none of the weight files clipj reads (" + String.join(", ", ModelFiles.WEIGHTS) + "); Flax"
                + " (flax_model.msgpack) and TensorFlow (tf_model.h5) checkpoints are not supported. Convert the model"
                + " to safetensors or choose a revision that has PyTorch weights.");
    }

    private void fetchShard(String repoId, String commit, String index, String shard) throws IOException {
        Optional<Path> p;
        try {
            p = fetcher.fetch(repoId, commit, shard);
        } catch (IllegalArgumentException e) {
            throw new HubException(HubException.Reason.PROTOCOL, index + " of '" + repoId + "' names an unsafe shard"
                    + " file: " + e.getMessage(), e);
        }
        if (p.isEmpty()) {
            throw new HubException(HubException.Reason.ENTRY_NOT_FOUND, index + " of '" + repoId + "' at commit "
                    + commit + " names shard '" + shard + "', which the repo does not have");
        }
    }

    private HubException missing(String repoId, String revision, String file) {
        return new HubException(HubException.Reason.ENTRY_NOT_FOUND, "file '" + file + "' not found in '" + repoId
                + "' at revision '" + revision + "' (the Hub reported it absent; recorded under .no_exist in "
                + cache.storage(repoId) + "). Is this a HuggingFace CLIP model repo (config.json, vocab.json,"
                + " merges.txt and weights)?");
    }

    /** {@code arg} (trimmed) as a path if it names an existing directory, else null. */
    static Path existingDirectory(String arg) {
        Path local = asPath(arg.trim());
        return local != null && Files.isDirectory(local) ? local : null;
    }

    private static Path asPath(String arg) {
        try {
            return arg.isEmpty() ? null : Path.of(arg);
        } catch (InvalidPathException e) {
            return null; // not a path at all; the repo id check will say what is wrong
        }
    }

    /** Accepts {@code name} or {@code org/name} as huggingface_hub's {@code validate_repo_id} does. */
    static String checkRepoId(String s) throws HubException {
        String[] parts = s.split("/", -1);
        boolean valid = !s.isEmpty() && s.length() <= 96 && parts.length <= 2 && !s.contains("--")
                && !s.contains("..") && !s.endsWith(".git");
        for (String part : parts) {
            valid &= NAME.matcher(part).matches();
        }
        if (valid) {
            return s;
        }
        String hint = s.contains("@")
                ? " A revision is not part of the id: pass it separately (HubOptions.revision, or --revision)."
                : s.startsWith("/") || s.startsWith(".") || s.startsWith("~") || s.contains("\\")
                        ? " It looks like a path, but no such directory exists."
                        : "";
        throw new HubException(HubException.Reason.INVALID_REPO_ID, "'" + s + "' is neither an existing directory"
                + " nor a Hub repo id ('org/name' or 'name': letters, digits, '-', '_', '.', no '--' or '..', at most"
                + " 96 characters)." + hint);
    }
}

package io.clipj.weights.hub;

import io.clipj.weights.internal.hub.FileFetcher;
import io.clipj.weights.internal.hub.HubCache;
import io.clipj.weights.internal.hub.HubHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Resolves a Hub dataset id in CLIP_benchmark's WebDataset layout (e.g. {@code clip-benchmark/wds_imagenetv2})
 * to a local snapshot directory, through the same client and cache as models: files land in
 * {@code {HF_HUB_CACHE}/datasets--org--name/{blobs,snapshots,refs}} as huggingface_hub stores them, so Python
 * and clipj share them; {@code HF_HUB_OFFLINE} uses only the cache. Only one split is fetched: the class names,
 * the templates, {@code {split}/nshards.txt} and that split's shards {@code {split}/0.tar ... {n-1}.tar}.
 * {@code classnames.txt} is asked for at the requested revision and its commit pins every other file.
 *
 * <p>Immutable and thread-safe.
 */
public final class DatasetLocator {

    /** Files at the dataset root that every WebDataset of CLIP_benchmark has. */
    public static final String CLASSNAMES = "classnames.txt";
    /** The prompt templates; not every dataset has them (retrieval sets do not). */
    public static final String TEMPLATES = "zeroshot_classification_templates.txt";
    /** Shards per split above which the count is refused as implausible (ImageNet-1k's train split has 2,503). */
    public static final int MAX_SHARDS = 100_000;

    /** Told of each file before it is fetched or found in the cache. */
    @FunctionalInterface
    public interface Listener {
        /** {@code shard} counts from 1 to {@code shards} for shards; both are 0 for the dataset's other files. */
        void file(String path, int shard, int shards);
    }

    private final HubOptions options;
    private final HubCache cache;
    private final FileFetcher fetcher;

    public DatasetLocator(HubOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.cache = new HubCache(options.cacheDir());
        this.fetcher = new FileFetcher(cache, new HubHttp(options), options);
    }

    /**
     * The snapshot directory of dataset {@code repoId} ({@code org/name}) at the configured revision, holding
     * the root files and split {@code split}'s shards.
     *
     * @param listener told of each file before it is fetched or found cached; may be null
     * @throws HubException naming the dataset, revision and file when it cannot be resolved
     */
    public Path resolve(String repoId, String split, Listener listener) throws IOException {
        String id = HubResolver.checkRepoId(repoId.trim());
        if (!id.contains("/")) {
            throw new HubException(HubException.Reason.INVALID_REPO_ID, "'" + id + "' is neither an existing"
                    + " directory nor a Hub dataset id; give the id as org/name (e.g. clip-benchmark/wds_imagenetv2)");
        }
        if (split.isEmpty() || split.contains("/") || split.contains("..")) {
            throw new IllegalArgumentException("--split '" + split + "': a split is one folder name such as test");
        }
        String repo = HubCache.DATASET_PREFIX + id;
        Listener tell = listener == null ? (f, i, n) -> { } : listener;
        tell.file(CLASSNAMES, 0, 0);
        Path classnames = fetcher.fetch(repo, options.revision(), CLASSNAMES)
                .orElseThrow(() -> missing(id, options.revision(), CLASSNAMES));
        String commit = classnames.getParent().getFileName().toString();
        tell.file(TEMPLATES, 0, 0);
        fetchOptional(repo, commit, TEMPLATES);
        String count = split + "/nshards.txt";
        tell.file(count, 0, 0);
        Path nshards = fetcher.fetch(repo, commit, count).orElseThrow(() -> missing(id, commit, count));
        int shards = shardCount(nshards, id, count);
        List<String> names = new ArrayList<>(shards);
        for (int i = 0; i < shards; i++) {
            names.add(split + "/" + i + ".tar");
        }
        for (int i = 0; i < names.size(); i++) {
            tell.file(names.get(i), i + 1, shards);
            String shard = names.get(i);
            fetcher.fetch(repo, commit, shard).orElseThrow(() -> missing(id, commit, shard));
        }
        return cache.snapshot(repo, commit);
    }

    private void fetchOptional(String repo, String commit, String file) throws IOException {
        try {
            fetcher.fetch(repo, commit, file);
        } catch (HubException e) {
            if (!e.cacheMiss()) {
                throw e;
            }
        }
    }

    /** The number in {@code nshards.txt}, bounded before anything is allocated for it. */
    private static int shardCount(Path file, String id, String name) throws HubException {
        String text;
        try {
            if (Files.size(file) > 64) {
                throw new HubException(HubException.Reason.PROTOCOL, name + " of dataset '" + id
                        + "' is not a shard count (" + Files.size(file) + " bytes)");
            }
            text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new HubException(HubException.Reason.PROTOCOL, name + " of dataset '" + id + "': " + e.getMessage(),
                    e);
        }
        int n;
        try {
            n = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > MAX_SHARDS) {
            throw new HubException(HubException.Reason.PROTOCOL, name + " of dataset '" + id + "' says '" + text
                    + "'; expected a shard count between 1 and " + MAX_SHARDS);
        }
        return n;
    }

    private HubException missing(String id, String revision, String file) {
        return new HubException(HubException.Reason.ENTRY_NOT_FOUND, "file '" + file + "' not found in dataset '"
                + id + "' at revision '" + revision + "'. Is it a WebDataset in CLIP_benchmark's layout"
                + " (classnames.txt, <split>/nshards.txt, <split>/0.tar ...), and does it have that split?");
    }
}

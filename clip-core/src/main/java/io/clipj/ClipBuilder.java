package io.clipj;

import io.clipj.weights.hub.HubOptions;
import io.clipj.weights.hub.ModelLocator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Every setting of a {@link Clip}, set fluently, from {@link Clip#builder(Path)} or {@link Clip#builder(String)}:
 * the {@link ClipOptions} (batch size, executor, threads, normalisation, batch wait) and, for a Hub id, the Hub
 * client's {@link HubOptions}. System properties ({@code clipj.executor}, {@code clipj.workers},
 * {@code clipj.ompThreads}) and {@code HF_*} environment variables only change the defaults; what is set here wins.
 *
 * <p>Not thread-safe; build on one thread.
 */
public final class ClipBuilder {
    private final Path modelDir;
    private final String model;
    private ClipOptions options = ClipOptions.defaults();
    private HubOptions hubOptions;
    private String revision;
    private Boolean offline;
    private Path hubCacheDir;
    private String hubToken;
    private boolean hubTokenSet;

    ClipBuilder(Path modelDir, String model) {
        this.modelDir = modelDir;
        this.model = model;
    }

    /** Images or texts per graph call, also the largest coalesced batch; see {@link ClipOptions#batchSize()}. */
    public ClipBuilder batchSize(int batchSize) {
        return with(o -> o.withBatchSize(batchSize));
    }

    /** Whether every embedding is returned L2-normalised (unit length); see {@link ClipOptions#normalize()}. */
    public ClipBuilder normalize(boolean normalize) {
        return with(o -> o.withNormalize(normalize));
    }

    /** How long single-item calls wait for others to share a batch; see {@link ClipOptions#maxBatchWait()}. */
    public ClipBuilder maxBatchWait(Duration wait) {
        return with(o -> o.withMaxBatchWait(wait));
    }

    /** How the towers' graphs run; default {@link ClipOptions.Executor#defaultForBackend()}. */
    public ClipBuilder executor(ClipOptions.Executor executor) {
        return with(o -> o.withExecutor(executor));
    }

    /** Threads each tower call is split across (1: no splitting); see {@link ClipOptions#workers()}. */
    public ClipBuilder workers(int threads) {
        return with(o -> o.withWorkers(threads));
    }

    /** The OpenMP team of each worker thread (0: ND4J's default); see {@link ClipOptions#ompThreads()}. */
    public ClipBuilder ompThreads(int threads) {
        return with(o -> o.withOmpThreads(threads));
    }

    /** All of the options above at once. */
    public ClipBuilder options(ClipOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        return this;
    }

    /** One option changed; the {@code with...} call checks its value. */
    private ClipBuilder with(UnaryOperator<ClipOptions> change) {
        options = change.apply(options);
        return this;
    }

    /**
     * The Hub client's settings for a Hub id (default {@link HubOptions#fromEnvironment()}); the Hub calls
     * below change single fields of them.
     */
    public ClipBuilder hub(HubOptions options) {
        this.hubOptions = Objects.requireNonNull(options, "options");
        return this;
    }

    /** The Hub revision (branch, tag or commit) of a Hub id; default {@code main}. */
    public ClipBuilder revision(String revision) {
        this.revision = revision;
        return this;
    }

    /** Resolve a Hub id from the cache only, never the network (like {@code HF_HUB_OFFLINE=1}). */
    public ClipBuilder offline(boolean offline) {
        this.offline = offline;
        return this;
    }

    /** The Hub cache directory ({@code .../huggingface/hub}); default from {@code HF_HUB_CACHE}/{@code HF_HOME}. */
    public ClipBuilder hubCacheDir(Path cacheDir) {
        this.hubCacheDir = cacheDir;
        return this;
    }

    /** The Hub access token (null: none, even if {@code HF_TOKEN} is set); default {@code HF_TOKEN}. */
    public ClipBuilder hubToken(String token) {
        this.hubToken = token;
        this.hubTokenSet = true;
        return this;
    }

    /** Loads the model, first resolving a Hub id (downloading what the cache lacks unless offline). */
    public Clip build() {
        if (modelDir != null) {
            return Clip.load(modelDir, options);
        }
        try {
            return Clip.load(ModelLocator.resolve(model, this::hubOptions), options);
        } catch (IOException e) {
            throw new ModelLoadException(model + ": " + e.getMessage(), e);
        }
    }

    private HubOptions hubOptions() {
        HubOptions base = hubOptions != null ? hubOptions : HubOptions.fromEnvironment();
        return new HubOptions(base.endpoint(), hubCacheDir != null ? hubCacheDir : base.cacheDir(),
                offline != null ? offline : base.offline(), hubTokenSet ? hubToken : base.token(),
                revision != null ? revision : base.revision(), base.progress(), base.progressThreshold(),
                base.listener(), base.connectTimeout(), base.requestTimeout(), base.maxRetries(), base.minRate(),
                base.rateWindow(), base.proxy());
    }
}

package io.clipj.weights.hub;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * One-call model resolution for the CLI's {@code --model} and {@code Clip.load(String)}: a local directory is
 * used as is, anything else is a Hub repo id resolved with {@link HubOptions#fromEnvironment()} ({@code HF_ENDPOINT},
 * {@code HF_HOME}/{@code HF_HUB_CACHE}, {@code HF_HUB_OFFLINE}, {@code HF_TOKEN}), or with the {@link HubOptions}
 * given (revision, offline, cache, token, a {@link DownloadListener} for progress).
 *
 * <pre>{@code
 * Path dir = ModelLocator.resolve("openai/clip-vit-base-patch32");
 * Path pinned = ModelLocator.resolve("openai/clip-vit-base-patch32", "3d74acf9a28c67741b2f4f2ea7635f0aaf6f0268");
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class ModelLocator {

    private ModelLocator() {
    }

    /** A local model directory for a directory path or a repo id at the default revision ({@code main}). */
    public static Path resolve(String modelDirOrRepoId) throws IOException {
        Path local = HubResolver.existingDirectory(modelDirOrRepoId);
        // A local directory needs no Hub settings, so a bad HF_* variable cannot stop it.
        return local != null ? local : new HubResolver(HubOptions.fromEnvironment()).resolve(modelDirOrRepoId);
    }

    /**
     * As {@link #resolve(String)}, a repo id resolved with the options {@code options} supplies (asked only for a
     * repo id, so that a bad {@code HF_*} variable cannot stop a local directory).
     */
    public static Path resolve(String modelDirOrRepoId, Supplier<HubOptions> options) throws IOException {
        Path local = HubResolver.existingDirectory(modelDirOrRepoId);
        return local != null ? local : new HubResolver(options.get()).resolve(modelDirOrRepoId);
    }

    /** As {@link #resolve(String)} at {@code revision} (branch, tag or commit; null for {@code main}). */
    public static Path resolve(String modelDirOrRepoId, String revision) throws IOException {
        Path local = HubResolver.existingDirectory(modelDirOrRepoId);
        return local != null ? local
                : new HubResolver(HubOptions.builder().revision(revision).build()).resolve(modelDirOrRepoId);
    }
}

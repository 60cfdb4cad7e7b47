package io.clipj.weights.internal.hub;

import io.clipj.weights.hub.HubException;
import io.clipj.weights.hub.HubOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;

/**
 * Turns Hub HTTP failures into {@link HubException}s that say what happened and what to do, following
 * huggingface_hub's {@code hf_raise_for_status}: the {@code X-Error-Code} header ({@code RepoNotFound},
 * {@code RevisionNotFound}, {@code EntryNotFound}, {@code GatedRepo}) decides first, then the status.
 *
 * <p>Stateless and thread-safe.
 */
public final class HubErrors {

    private HubErrors() {
    }

    static HubException forStatus(int status, HttpHeaders h, URI url, HubOptions options, String repoId,
            String revision, String filename) {
        String code = h.firstValue("X-Error-Code").orElse("");
        String commit = h.firstValue("X-Repo-Commit").orElse(null);
        String serverSays = h.firstValue("X-Error-Message").map(m -> " The Hub says: \"" + m + "\".").orElse("");
        String tokenHint = options.token() == null
                ? " If the repo is private or gated, set HF_TOKEN (or HubOptions.token) to a token that can read it."
                : " A token was sent; check that it is valid and can read this repo.";
        String where = " (HTTP " + status + " for " + url + ")";
        switch (code) {
            case "RepoNotFound":
                return new HubException(HubException.Reason.REPO_NOT_FOUND, "repository '" + repoId
                        + "' not found on " + options.endpoint() + where + ". Check the id (e.g. 'openai/clip-vit-base-"
                        + "patch32') or pass a local model directory." + tokenHint + serverSays, null, commit);
            case "RevisionNotFound":
                return new HubException(HubException.Reason.REVISION_NOT_FOUND, "revision '" + revision
                        + "' not found in repository '" + repoId + "'" + where + ". Use an existing branch, tag or"
                        + " 40-hex commit hash (the default is 'main')." + serverSays, null, commit);
            case "EntryNotFound":
                return entryNotFound(repoId, revision, filename, where + serverSays, commit);
            case "GatedRepo":
                return gated(repoId, options, where + serverSays);
            default:
                break;
        }
        if (status == 401) {
            return new HubException(HubException.Reason.UNAUTHORIZED, "not authorized to read '" + repoId + "'"
                    + where + ": the repo is private or gated, or does not exist." + tokenHint + serverSays);
        }
        if (status == 403) {
            return gated(repoId, options, where + serverSays);
        }
        if (status == 404) {
            // No error code (a mirror, or an older server): treat as a missing file so weight fallbacks work.
            return entryNotFound(repoId, revision, filename, where + serverSays, commit);
        }
        if (status >= 500) {
            return new HubException(HubException.Reason.CONNECTION, "the Hub failed" + where + " for " + filename
                    + " of '" + repoId + "'. Try again later, or set HF_HUB_OFFLINE=1 to use cached files only."
                    + serverSays);
        }
        return new HubException(HubException.Reason.PROTOCOL, "unexpected answer" + where + " for " + filename
                + " of '" + repoId + "'; check HF_ENDPOINT and any proxy in between." + serverSays);
    }

    static HubException entryNotFound(String repoId, String revision, String filename, String detail,
            String commit) {
        return new HubException(HubException.Reason.ENTRY_NOT_FOUND, "file '" + filename + "' not found in '"
                + repoId + "' at revision '" + revision + "'" + detail + ". Is this a CLIP model repo with "
                + "HuggingFace files (config.json, tokenizer and weights)?", null, commit);
    }

    private static HubException gated(String repoId, HubOptions options, String detail) {
        return new HubException(HubException.Reason.UNAUTHORIZED, "access to '" + repoId + "' is restricted"
                + detail + ": the repo is gated or private. Accept its conditions at " + options.endpoint() + "/"
                + repoId + " while logged in, then set HF_TOKEN (or HubOptions.token) to a token of that account.");
    }

    public static HubException connection(URI url, IOException e) {
        String what = e instanceof HttpTimeoutException ? "timed out" : "failed";
        return new HubException(HubException.Reason.CONNECTION, "connection to " + url + " " + what + " ("
                + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                + "). Check the network, proxy and HF_ENDPOINT; to use cached files only, set HF_HUB_OFFLINE=1.", e);
    }
}

/**
 * Loading models by HuggingFace Hub id, as transformers' {@code from_pretrained} does:
 * {@link io.clipj.weights.hub.HubResolver} turns {@code org/name} into a local snapshot directory of the
 * huggingface_hub cache (the same {@code models--org--name/blobs|snapshots|refs|.no_exist} layout, so a model
 * downloaded by Python is used without network and the reverse), downloading what is missing over the Hub's
 * {@code /resolve/} protocol with resumable, verified (size, SHA-256 for LFS) and lock-protected writes.
 * {@link io.clipj.weights.hub.HubOptions} holds the settings (env vars {@code HF_ENDPOINT}, {@code HF_HOME},
 * {@code HF_HUB_CACHE}, {@code HF_HUB_OFFLINE}, {@code HF_TOKEN} supply defaults);
 * {@link io.clipj.weights.hub.ModelLocator} is the one-call form for the CLI; failures are
 * {@link io.clipj.weights.hub.HubException}s that say what to do.
 */
package io.clipj.weights.hub;

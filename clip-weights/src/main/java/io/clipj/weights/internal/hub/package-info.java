/**
 * Machinery behind {@link io.clipj.weights.hub.HubResolver}: HTTP requests and error mapping, the
 * huggingface_hub cache layout, blob locks, resumable verified downloads, stall watchdog, proxy selection from
 * the environment. Not public API: names and signatures change without notice.
 */
package io.clipj.weights.internal.hub;

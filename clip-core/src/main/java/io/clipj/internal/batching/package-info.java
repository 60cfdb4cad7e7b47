/**
 * Dynamic batching: single-item requests from many threads coalesced into one batched call
 * ({@link io.clipj.internal.batching.BatchCoalescer}), so a server whose request threads each embed one image
 * runs the towers at the batch sizes they are fast at.
 */
package io.clipj.internal.batching;

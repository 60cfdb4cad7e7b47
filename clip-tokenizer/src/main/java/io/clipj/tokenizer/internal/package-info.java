/**
 * Internals of {@link io.clipj.tokenizer.ClipTokenizer}: Python-semantics text helpers, the pre-tokenizer, byte
 * symbols, vocabulary, merge ranks, the BPE merge loop and its cache, and the file readers. Not public API:
 * names and signatures change without notice.
 */
package io.clipj.tokenizer.internal;

/**
 * CLIP's tokenizer: {@link io.clipj.tokenizer.ClipTokenizer} turns captions into the token ids of OpenAI's
 * {@code simple_tokenizer.py} (start 49406, byte-level BPE ids, end 49407, at most 77), loaded from a
 * HuggingFace model directory or from OpenAI's {@code bpe_simple_vocab_16e6.txt.gz}.
 *
 * <p>Everything here is reimplemented in Java with Python's semantics where Java's differ: Python's
 * {@code html.unescape}, {@code str.lower()} and whitespace definitions, and the {@code regex} module's view
 * of OpenAI's pre-tokenization pattern (a hand-written scanner instead of a regular expression).
 * {@link io.clipj.tokenizer.FixText} is the optional subset of {@code ftfy.fix_text}. The exact list of
 * remaining differences from Python is in {@code docs/tokenizer.md}; in short: characters assigned after
 * Unicode 13 (Java 17's version) are classified and lower-cased as unassigned, unpaired surrogates become
 * U+FFFD instead of raising, decimal HTML references longer than 4,300 digits become U+FFFD instead of
 * raising, and {@code FixText} does not repair mojibake.
 *
 * <p>All public types are thread-safe; a tokenizer is loaded once and shared.
 */
package io.clipj.tokenizer;

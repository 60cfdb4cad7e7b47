package io.clipj.tokenizer.internal;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-word BPE results (OpenAI's {@code self.cache}), shared by all threads. Bounded: when it holds
 * {@link #MAX_ENTRIES} words it is cleared and refills with the words in use, so a stream of unique words
 * (hashes, URLs) cannot grow it without limit. Long words are not cached at all.
 *
 * <p>Thread-safe: a {@link ConcurrentHashMap}; values are immutable by convention (never handed out).
 */
public final class WordCache {

    public static final int MAX_ENTRIES = 100_000;
    public static final int MAX_WORD_LENGTH = 64;

    private final ConcurrentHashMap<String, int[]> map = new ConcurrentHashMap<>(4096);

    public int[] get(String word) {
        return map.get(word);
    }

    public void put(String word, int[] ids) {
        if (word.length() > MAX_WORD_LENGTH) {
            return;
        }
        if (map.size() >= MAX_ENTRIES) {
            map.clear();
        }
        map.put(word, ids);
    }

    public int size() {
        return map.size();
    }
}

package io.clipj.tokenizer;

import io.clipj.tokenizer.internal.BytePairEncoder;
import io.clipj.tokenizer.internal.ByteSymbols;
import io.clipj.tokenizer.internal.PairRanks;
import io.clipj.tokenizer.internal.TokenizerFiles;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The O(n log n) heap merge gives exactly the results of OpenAI's pass-by-pass loop. */
class BytePairEncoderTest {

    @Test
    void heapEqualsSimpleLoop() throws Exception {
        ClipTokenizer tok = TestAssets.clip();
        var vocab = tok.vocabulary();
        PairRanks ranks = new PairRanks(64);
        // rebuild the merge table through the public vocabulary + merges.txt
        List<String> lines = Files.readAllLines(TestAssets.modelDir().resolve("merges.txt"), StandardCharsets.UTF_8);
        for (int r = 0; r < TokenizerFiles.MERGE_COUNT; r++) {
            String[] p = lines.get(r + 1).split(" ");
            ranks.put(vocab.get(p[0]), vocab.get(p[1]), r, vocab.get(p[0] + p[1]));
        }
        BytePairEncoder bpe = new BytePairEncoder(ranks);
        Random random = new Random(11);
        List<String> words = new ArrayList<>();
        String[] parts = {"photo", "a", "b", "aa", "the", "ing", "é", "東", "😀", "!", "?", "zz", "th", "er", "a"};
        for (int i = 0; i < 3000; i++) {
            StringBuilder w = new StringBuilder();
            int n = 1 + random.nextInt(30);
            for (int k = 0; k < n; k++) {
                w.append(parts[random.nextInt(parts.length)]);
            }
            words.add(w.toString());
        }
        words.add("a".repeat(1000));
        words.add("ab".repeat(500));
        words.add("aaab".repeat(300));
        List<String> mismatches = new ArrayList<>();
        for (String w : words) {
            byte[] bytes = w.getBytes(StandardCharsets.UTF_8);
            int[] symbols = new int[bytes.length];
            for (int k = 0; k < bytes.length; k++) {
                String s = String.valueOf(ByteSymbols.symbolOf(bytes[k] & 0xFF));
                symbols[k] = vocab.get(k == bytes.length - 1 ? s + "</w>" : s);
            }
            int[] simple = bpe.encodeSimple(symbols.clone(), symbols.length);
            int[] heap = bpe.encodeWithHeap(symbols.clone());
            if (!Arrays.equals(simple, heap)) {
                mismatches.add(w + ": loop " + Arrays.toString(simple) + " heap " + Arrays.toString(heap));
            }
            if (!Arrays.equals(tok.wordIds(w), simple)) {
                mismatches.add(w + ": tokenizer " + Arrays.toString(tok.wordIds(w)));
            }
        }
        assertThat(mismatches).isEmpty();
    }
}

package io.clipj.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** 8 threads sharing one fresh tokenizer (cold cache, so they race on it) agree with single-threaded results. */
class ConcurrencyTest {

    @Test
    void eightThreadsAgreeWithOneThread() throws Exception {
        List<String> classes = Files.readAllLines(TestAssets.root().resolve("data/imagenet/classnames.txt"));
        List<String> texts = new ArrayList<>(TestAssets.goldenTexts());
        for (String c : classes) {
            texts.add("a photo of a " + c + ".");
        }
        int[][] expected = new int[texts.size()][];
        ClipTokenizer reference = ClipTokenizer.fromModelDirectory(TestAssets.modelDir());
        for (int i = 0; i < texts.size(); i++) {
            expected[i] = reference.encode(texts.get(i));
        }
        ClipTokenizer shared = ClipTokenizer.fromModelDirectory(TestAssets.modelDir());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<String>>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t * 131;
                futures.add(pool.submit(() -> {
                    List<String> bad = new ArrayList<>();
                    for (int k = 0; k < texts.size(); k++) {
                        int i = (k + offset) % texts.size();
                        int[] got = shared.encode(texts.get(i));
                        if (!Arrays.equals(got, expected[i])) {
                            bad.add(Thread.currentThread().getName() + " text " + i + ": " + Arrays.toString(got));
                        }
                    }
                    return bad;
                }));
            }
            List<String> mismatches = new ArrayList<>();
            for (Future<List<String>> f : futures) {
                mismatches.addAll(f.get());
            }
            assertThat(mismatches).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }
}

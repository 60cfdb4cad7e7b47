package io.clipj.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenAI's {@code bpe_simple_vocab_16e6.txt.gz} path. The real file is not among the assets, so one in the same
 * format (a header line, then one merge per line, more lines than the 48,894 used) is written from merges.txt.
 */
class OpenAiBpeFileTest {

    @TempDir
    Path tmp;

    private Path writeBpeGz() throws Exception {
        List<String> lines = Files.readAllLines(TestAssets.modelDir().resolve("merges.txt"), StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder("\"bpe_simple_vocab_16e6.txt#version: 0.2\n");
        lines.stream().skip(1).forEach(l -> b.append(l).append('\n'));
        b.append("z zz\nq qq\n"); // beyond line 48,895: must be ignored, as OpenAI slices them off
        Path gz = tmp.resolve("bpe_simple_vocab_16e6.txt.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(b.toString().getBytes(StandardCharsets.UTF_8));
        }
        return gz;
    }

    @Test
    void vocabularyBuiltFromMergesEqualsVocabJson() throws Exception {
        ClipTokenizer fromGz = ClipTokenizer.fromOpenAiBpe(writeBpeGz());
        Map<String, Integer> expected = TestAssets.clip().vocabulary();
        Map<String, Integer> actual = fromGz.vocabulary();
        List<String> diffs = new ArrayList<>();
        expected.forEach((token, id) -> {
            if (!id.equals(actual.get(token))) {
                diffs.add(token + ": vocab.json " + id + ", built " + actual.get(token));
            }
        });
        actual.keySet().stream().filter(t -> !expected.containsKey(t)).forEach(t -> diffs.add("extra token " + t));
        assertThat(diffs).isEmpty();
        assertThat(fromGz.vocabularySize()).isEqualTo(49408);
        assertThat(fromGz.contextLength()).isEqualTo(77);
        assertThat(fromGz.padTokenId()).isZero();
    }

    @Test
    void gzTokenizerGivesGoldenIds() throws Exception {
        ClipTokenizer fromGz = ClipTokenizer.fromOpenAiBpe(writeBpeGz());
        List<String> texts = TestAssets.goldenTexts();
        List<int[]> expected = TestAssets.goldenIds();
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            int[] got = fromGz.encode(texts.get(i));
            if (!Arrays.equals(got, expected.get(i))) {
                mismatches.add("text " + i + ": expected " + Arrays.toString(expected.get(i)) + " got "
                        + Arrays.toString(got));
            }
        }
        assertThat(mismatches).isEmpty();
    }
}

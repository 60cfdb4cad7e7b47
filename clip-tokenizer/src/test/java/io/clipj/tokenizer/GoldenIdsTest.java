package io.clipj.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The 25 golden texts give exactly the ids OpenAI's tokenizer gave (golden/tiny/inputs.json). */
class GoldenIdsTest {

    @Test
    void goldenTextsGiveGoldenIds() throws Exception {
        List<String> texts = TestAssets.goldenTexts();
        List<int[]> expected = TestAssets.goldenIds();
        assertThat(texts).hasSize(25);
        assertThat(expected).hasSameSizeAs(texts);
        List<String> mismatches = new ArrayList<>();
        for (ClipTokenizer tok : List.of(TestAssets.clip(),
                ClipTokenizer.fromModelDirectory(TestAssets.root().resolve("golden/tiny")))) {
            for (int i = 0; i < texts.size(); i++) {
                int[] actual = tok.encode(texts.get(i));
                if (!Arrays.equals(actual, expected.get(i))) {
                    mismatches.add("text " + i + " " + texts.get(i).replace("\n", "\\n") + ": expected "
                            + Arrays.toString(expected.get(i)) + " got " + Arrays.toString(actual));
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void batchOfGoldenTextsIsPaddedAndMasked() {
        List<String> texts = TestAssets.goldenTexts();
        List<int[]> expected = TestAssets.goldenIds();
        ClipTokenizer tok = TestAssets.clip();
        BatchEncoding longest = tok.encodeBatch(texts, Padding.LONGEST);
        BatchEncoding full = tok.encodeBatch(texts);
        assertThat(full.width()).isEqualTo(77);
        assertThat(longest.width()).isEqualTo(expected.stream().mapToInt(r -> r.length).max().orElseThrow());
        List<String> mismatches = new ArrayList<>();
        for (BatchEncoding batch : List.of(longest, full)) {
            for (int i = 0; i < texts.size(); i++) {
                int[] want = expected.get(i);
                int[] row = batch.inputIds()[i];
                int[] mask = batch.attentionMask()[i];
                for (int j = 0; j < batch.width(); j++) {
                    int id = j < want.length ? want[j] : tok.padTokenId();
                    int m = j < want.length ? 1 : 0;
                    if (row[j] != id || mask[j] != m) {
                        mismatches.add("width " + batch.width() + " row " + i + " col " + j + ": id " + row[j]
                                + " mask " + mask[j] + ", expected " + id + " / " + m);
                    }
                }
                if (batch.endIndices()[i] != want.length - 1 || batch.lengths()[i] != want.length
                        || row[batch.endIndices()[i]] != 49407) {
                    mismatches.add("row " + i + ": end index " + batch.endIndices()[i] + " length "
                            + batch.lengths()[i]);
                }
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(tok.padTokenId()).isEqualTo(49407);
        assertThat(tok.contextLength()).isEqualTo(77);
        assertThat(tok.startTokenId()).isEqualTo(49406);
        assertThat(tok.endTokenId()).isEqualTo(49407);
        assertThat(tok.vocabularySize()).isEqualTo(49408);
    }
}

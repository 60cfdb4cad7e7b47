package io.clipj.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** encode never throws on a non-null String and stays (near) linear in its length. */
class RobustnessTest {

    private final ClipTokenizer tok = TestAssets.clip();

    private void assertWellFormed(int[] ids) {
        assertThat(ids.length).isBetween(2, 77);
        assertThat(ids[0]).isEqualTo(49406);
        assertThat(ids[ids.length - 1]).isEqualTo(49407);
        assertThat(java.util.Arrays.stream(ids).allMatch(id -> id >= 0 && id < 49408)).isTrue();
    }

    @Test
    void loneSurrogatesBecomeReplacementCharacter() {
        int[] lone = tok.encode("a\uD83D b\uDE00 c\uD83D");
        assertWellFormed(lone);
        assertThat(lone).containsExactly(tok.encode("a\uFFFD b\uFFFD c\uFFFD"));
        assertThat(tok.encode("\uDE00\uD83D")).containsExactly(tok.encode("\uFFFD\uFFFD"));
        assertThat(tok.encode("\uD83D\uDE00")).containsExactly(tok.encode("😀"));
    }

    @Test
    void controlCharactersAndNul() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            all.append(c).append('x');
        }
        all.append('\u007F').append('\u0085').append('\u009F').append('\uFEFF').append('\uFFFF');
        assertWellFormed(tok.encode(all.toString()));
        assertWellFormed(tok.encode("\u0000"));
        // NUL is not whitespace: it is a symbol piece of its own (byte 0 → symbol 'Ā', id 188 + 256 with </w>)
        assertThat(tok.encode("\u0000")).containsExactly(49406, tok.vocabulary().get("Ā</w>"), 49407);
        // U+001C..U+001F are stripped at the ends (str.isspace) but are symbols inside
        assertThat(tok.encode("\u001Ccat\u001F")).containsExactly(tok.encode("cat"));
        assertThat(tok.encode("a\u001Cb")).hasSize(5);
    }

    @Test
    void emptyAndBlank() {
        assertThat(tok.encode("")).containsExactly(49406, 49407);
        assertThat(tok.encode(" \t\n\u3000\u00A0 ")).containsExactly(49406, 49407);
        assertThat(tok.encode("\u0345")).containsExactly(49406, 49407); // no alternative matches U+0345
    }

    @Test
    void oneMegabyteOfTextAndOneGiantWord() {
        StringBuilder text = new StringBuilder(1 << 20);
        Random r = new Random(1);
        String[] words = {"photo", "of", "a", "cat", "&amp;", "Ünïcödé", "東京", "🐱", "don't", "3.14", "\t"};
        while (text.length() < (1 << 20)) {
            text.append(words[r.nextInt(words.length)]).append(' ');
        }
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertWellFormed(tok.encode(text.toString())));
        String giantWord = "abcdefghijklmnopqrstuvwxyz".repeat(40_000); // ~1 MB of letters: one BPE "word"
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            int[] ids = tok.encode(giantWord);
            assertWellFormed(ids);
            assertThat(ids).hasSize(77);
        });
    }

    @Test
    void tenThousandEmojiAreOneSymbolPiece() {
        String emoji = "😀".repeat(10_000);
        int[][] got = new int[1][];
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> got[0] = tok.encode(emoji));
        assertWellFormed(got[0]);
        assertThat(got[0]).hasSize(77);
    }

    @Test
    void giantWordTimeGrowsNearLinearly() {
        ClipTokenizer t = TestAssets.clip();
        String unit = "qwertyuiopasdfghjklzxcvbnm";
        t.encode(unit.repeat(2_000)); // warm up the JIT
        long small = bestOf(3, () -> t.encode(unit.repeat(5_000)));
        long large = bestOf(3, () -> t.encode(unit.repeat(40_000)));
        // 8x the input: n log n allows ~10x; a quadratic merge would take ~64x. Generous bound for noisy CI.
        assertThat(large).as("8x input took %d ns vs %d ns", large, small).isLessThan(small * 30);
    }

    private static long bestOf(int runs, Runnable r) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            r.run();
            best = Math.min(best, System.nanoTime() - t0);
        }
        return best;
    }

    @Test
    void randomCodePointsNeverThrow() {
        Random r = new Random(42);
        for (int n = 0; n < 2000; n++) {
            StringBuilder s = new StringBuilder();
            int len = r.nextInt(40);
            for (int i = 0; i < len; i++) {
                s.append((char) r.nextInt(0x10000)); // includes lone surrogates and unassigned chars
            }
            assertWellFormed(tok.encode(s.toString()));
        }
    }
}

package io.clipj.tokenizer;

import io.clipj.tokenizer.internal.ByteSymbols;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** OpenAI-style decode: {@code </w>} becomes a space, bytes back to UTF-8. */
class DecodeTest {

    private final ClipTokenizer tok = TestAssets.clip();

    /** The text as OpenAI's pipeline sees it before splitting: stripped, spaces collapsed, lower case. */
    private static String normalized(String text) {
        return text.strip().replaceAll("\\s+", " ").toLowerCase(java.util.Locale.ROOT);
    }

    @Test
    void asciiRoundTrip() {
        Random r = new Random(5);
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCXYZ0123456789 .,;:!?'\"()[]{}-_/\\@#$%^*+=~`|";
        List<String> mismatches = new ArrayList<>();
        for (int n = 0; n < 2000; n++) {
            StringBuilder s = new StringBuilder();
            int len = 1 + r.nextInt(30);
            for (int i = 0; i < len; i++) {
                s.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            String text = s.toString();
            int[] ids = tok.encode(text);
            if (ids.length == 77) {
                continue; // truncated: nothing to compare
            }
            // Decoding puts a space after every piece, so the text comes back with the spaces moved but
            // every other character in place.
            String decoded = tok.decode(ids, true);
            boolean same = decoded.replace(" ", "").equals(normalized(text).replace(" ", ""))
                    && (decoded.isEmpty() || decoded.endsWith(" ")) && !decoded.contains("  ");
            if (!same) {
                mismatches.add(text + " -> " + decoded);
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(tok.decode(tok.encode("A photo of a cat."), true)).isEqualTo("a photo of a cat . ");
        assertThat(tok.decode(tok.encode("don't stop!!"), true)).isEqualTo("don 't stop !! ");
    }

    @Test
    void specialsKeptOrSkipped() {
        int[] ids = tok.encode("hi");
        assertThat(tok.decode(ids)).isEqualTo("<|startoftext|>hi <|endoftext|>");
        assertThat(tok.decode(ids, true)).isEqualTo("hi ");
    }

    @Test
    void unicodeRoundTrip() {
        assertThat(tok.decode(tok.encode("東京タワーの写真 🐱 naïve"), true)).isEqualTo("東京タワーの写真 🐱 naïve ");
    }

    @Test
    void brokenUtf8AndBadIds() {
        // a lone continuation byte symbol decodes to U+FFFD, like errors="replace"
        int contByte = tok.vocabulary().get(String.valueOf(ByteSymbols.symbolOf(0x80)));
        assertThat(tok.decode(new int[] {contByte})).isEqualTo("\uFFFD");
        assertThatThrownBy(() -> tok.decode(new int[] {49408})).hasMessageContaining("49408");
        assertThatThrownBy(() -> tok.decode(new int[] {-1})).hasMessageContaining("-1");
    }
}

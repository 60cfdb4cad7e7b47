package io.clipj.tokenizer.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.clipj.testing.FuzzCorpus;
import io.clipj.tokenizer.ClipTokenizer;
import io.clipj.tokenizer.TestAssets;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link ClipTokenizer#encode} of arbitrary strings, including unpaired surrogates, control characters,
 * HTML entities and very long inputs: it never throws, every result is start token, at most 75 ids, end
 * token, and {@link ClipTokenizer#decode} of it never throws.
 *
 * <p>Input layout: byte 0 selects the decoding of the rest (even: UTF-8 with replacement; odd: raw UTF-16LE
 * code units, so any lone surrogate is reachable) and, with bit 1, ftfy-style text fixing.
 */
class TokenizerFuzzTest {

    private static final int START = 49406;
    private static final int END = 49407;
    private static ClipTokenizer tokenizer;

    @BeforeAll
    static void load() throws IOException {
        tokenizer = TestAssets.clip();
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        List<String> texts = TestAssets.goldenTexts();
        for (int i = 0; i < texts.size(); i++) {
            seeds.put("golden-" + i, input(0, texts.get(i)));
        }
        FuzzCorpus.seedWhenFuzzing(TokenizerFuzzTest.class, "encode", seeds);
    }

    @FuzzTest(maxDuration = "5m")
    void encode(byte[] data) {
        if (data.length == 0) {
            check(tokenizer, "");
            return;
        }
        int mode = data[0] & 0xff;
        String text;
        if ((mode & 1) == 0) {
            text = new String(data, 1, data.length - 1, StandardCharsets.UTF_8);
        } else {
            ByteBuffer b = ByteBuffer.wrap(data, 1, data.length - 1).order(ByteOrder.LITTLE_ENDIAN);
            char[] chars = new char[b.remaining() / 2];
            b.asCharBuffer().get(chars);
            text = new String(chars);
        }
        check(tokenizer.withFixText((mode & 2) != 0), text);
    }

    /** The shared golden texts (read in place) satisfy the same invariants, with and without text fixing. */
    @Test
    void goldenTextsKeepTheInvariants() throws IOException {
        for (String t : TestAssets.goldenTexts()) {
            check(tokenizer, t);
            check(tokenizer.withFixText(true), t);
        }
    }

    static void check(ClipTokenizer tok, String text) {
        int[] ids = tok.encode(text);
        assertThat(ids.length).as("length of %s", ids.length).isBetween(2, 77);
        assertThat(ids[0]).isEqualTo(START);
        assertThat(ids[ids.length - 1]).isEqualTo(END);
        for (int i = 1; i < ids.length - 1; i++) {
            assertThat(ids[i]).isBetween(0, END); // a literal <|startoftext|> in the text is its special id, as in OpenAI's tokenizer
        }
        assertThat(tok.decode(ids)).isNotNull();
        assertThat(tok.decode(ids, true)).isNotNull();
    }

    static byte[] input(int mode, String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[utf8.length + 1];
        out[0] = (byte) mode;
        System.arraycopy(utf8, 0, out, 1, utf8.length);
        return out;
    }
}

package io.clipj.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The ftfy subset: each step on its own, and that it is off by default. */
class FixTextTest {

    @Test
    void steps() {
        assertThat(FixText.fix("\u201CIt\u2019s\u201D \u2018ok\u2019 \u02BC")).isEqualTo("\"It's\" 'ok' '");
        assertThat(FixText.fix("\uFB01sh \uFB02ower \uFB03 \u0133s \u01C6")).isEqualTo("fish flower ffi ijs d\u017E");
        assertThat(FixText.fix("\uFF21\uFF22\uFF23\uFF11\uFF12\u3000\uFF01\uFF9D")).isEqualTo("ABC12 !\u30F3");
        assertThat(FixText.fix("a\u0000b\u0007c\u007Fd\uFEFFe\u206Af\tg\nh")).isEqualTo("abcdef\tg\nh");
        assertThat(FixText.fix("e\u0301")).isEqualTo("\u00E9"); // NFC
        assertThat(FixText.fix("\u001B[31mred\u001B[0m")).isEqualTo("red");
        assertThat(FixText.fix("a\r\nb\rc\u2028d")).isEqualTo("a\nb\nc\nd");
        assertThat(FixText.fix("\u0093quoted\u0094 \u0080")).isEqualTo("\"quoted\" \u20AC"); // C1 → 1252 → uncurled
        assertThat(FixText.fix("plain caption")).isEqualTo("plain caption");
        // ftfy's order: ligatures and widths are fixed before terminal escapes are removed, so these complete one
        assertThat(FixText.fix("\u001B[\uFB01x")).isEqualTo("ix");
        assertThat(FixText.fix("\u001B[\uFF13\uFF11m!")).isEqualTo("!");
        // C1 controls are mapped before line breaks: U+0085 is an ellipsis, not a line break
        assertThat(FixText.fix("a\u0085b")).isEqualTo("a\u2026b");
        // ŉ is spelled with U+02BC, which uncurl_quotes then straightens
        assertThat(FixText.fix("\u0149")).isEqualTo("'n");
    }

    @Test
    void optionalInTokenizer() {
        ClipTokenizer plain = TestAssets.clip();
        ClipTokenizer fixing = plain.withFixText(true);
        assertThat(plain.fixesText()).isFalse();
        assertThat(fixing.fixesText()).isTrue();
        assertThat(fixing.encode("\uFB01sh \u201Cnet\u201D")).containsExactly(plain.encode("fish \"net\""));
        assertThat(plain.encode("\uFB01sh")).isNotEqualTo(plain.encode("fish"));
        for (String golden : TestAssets.goldenTexts()) { // ftfy leaves every golden text unchanged
            assertThat(fixing.encode(golden)).containsExactly(plain.encode(golden));
        }
    }
}

package io.clipj.tokenizer.internal;

import io.clipj.tokenizer.ClipTokenizer;
import io.clipj.tokenizer.TestAssets;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Python's html.unescape: each expected value is what CPython 3.11 returns for the input. */
class HtmlUnescapeTest {

    private static final String[][] CASES = {
        {"&amp;", "&"}, {"&amp", "&"}, {"&ampx", "&x"}, {"&amp;amp;", "&amp;"},
        {"&notit;", "\u00acit;"}, {"&notin;", "\u2209"}, {"&copy2024", "\u00a92024"},
        {"&unknown;", "&unknown;"}, {"& amp;", "& amp;"},
        {"&#65;", "A"}, {"&#65", "A"}, {"&#x41;", "A"}, {"&#X41", "A"}, {"&#0000000065;", "A"},
        {"&#0;", "\ufffd"}, {"&#13;", "\r"}, {"&#128;", "\u20ac"}, {"&#150;", "\u2013"},
        {"&#xD800;", "\ufffd"}, {"&#1114112;", "\ufffd"}, {"&#x110000;", "\ufffd"},
        {"&#99999999999999999999;", "\ufffd"},
        {"&#1;", ""}, {"&#xFFFE;", ""}, {"&#x1F600;", "\ud83d\ude00"},
        {"&#;", "&#;"}, {"&#x;", "&#x;"}, {"&#abc;", "&#abc;"},
        {"&fjlig;", "fj"}, {"&bne;", "=\u20e5"}, {"&NotNestedGreaterGreater;", "\u2aa2\u0338"},
        {"&AMP;", "&"}, {"&Amp;", "&Amp;"}, {"&lt&gt", "<>"}, {"a&&lt;b", "a&<b"},
        {"&" + "a".repeat(40) + ";", "&" + "a".repeat(40) + ";"},
        {"no entities", "no entities"},
    };

    @Test
    void matchesPython() {
        List<String> mismatches = new ArrayList<>();
        for (String[] c : CASES) {
            String got = HtmlUnescape.unescape(c[0]);
            if (!got.equals(c[1])) {
                mismatches.add(c[0] + " -> '" + got + "', Python gives '" + c[1] + "'");
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void tokenizerUnescapesTwice() {
        ClipTokenizer tok = TestAssets.clip();
        assertThat(tok.encode("&amp;amp;")).containsExactly(tok.encode("&"));
        var v = tok.vocabulary(); // a third level survives: the text "&amp;" is pieces "&", "amp", ";"
        assertThat(tok.encode("&amp;amp;amp;")).containsExactly(49406, v.get("&</w>"), v.get("amp</w>"), v.get(";</w>"), 49407);
    }
}

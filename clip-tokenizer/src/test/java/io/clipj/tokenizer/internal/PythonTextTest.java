package io.clipj.tokenizer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CPython's lower(), strip() and the regex module's \s; expected values are CPython 3.11's results. */
class PythonTextTest {

    @Test
    void lowerMatchesCPython() {
        String[][] cases = {
            {"ΟΔΟΣ", "οδος"}, {"Σ", "σ"}, {"ΑΣ.", "ας."}, {"ΑΣΑ", "ασα"}, {"Α'Σ", "α'ς"}, {"ΑΣ'", "ας'"},
            {"ΑΣ'Α", "ασ'α"},
            // Java's String.toLowerCase gives σ for the next three (its Final_Sigma context differs)
            {"a:ΣΣʰ\u0301", "a:σςʰ\u0301"}, {"\u00adς:Σ", "\u00adς:ς"}, {" Α\uD801\uDC00Σ", " α\uD801\uDC28ς"},
            {"İ", "i\u0307"}, {"ẞ", "ß"}, {"ǅ", "ǆ"}, {"K", "k"}, {"Å", "å"}, {"ABC", "abc"}, {"ß", "ß"},
        };
        List<String> mismatches = new ArrayList<>();
        for (String[] c : cases) {
            String got = PythonText.lower(c[0]);
            if (!got.equals(c[1])) {
                mismatches.add(c[0] + " -> " + got + ", CPython: " + c[1]);
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void whitespaceIsUnicodeWhiteSpaceAndStripAlsoTakesInformationSeparators() {
        assertThat(PythonText.collapseWhitespaceAndStrip("  a \t\n\u000B\u000C\r b\u00A0\u2003c\u3000  "))
                .isEqualTo("a b c");
        assertThat(PythonText.collapseWhitespaceAndStrip("\u001C\u001D a \u001E\u001F")).isEqualTo("a");
        assertThat(PythonText.collapseWhitespaceAndStrip("a\u001Cb")).isEqualTo("a\u001Cb");
        assertThat(PythonText.collapseWhitespaceAndStrip("a\u200Bb\u180Ec")).isEqualTo("a\u200Bb\u180Ec");
        assertThat(PythonText.collapseWhitespaceAndStrip("a\u0085b\u2028c\u2029d\u202Fe\u205Ff\u1680g"))
                .isEqualTo("a b c d e f g");
        assertThat(PythonText.collapseWhitespaceAndStrip("already clean")).isSameAs("already clean");
    }

    @Test
    void loneSurrogatesReplaced() {
        assertThat(PythonText.replaceLoneSurrogates("a\uD800b\uDC00\uD83D\uDE00\uD83D"))
                .isEqualTo("a\uFFFDb\uFFFD\uD83D\uDE00\uFFFD");
    }
}

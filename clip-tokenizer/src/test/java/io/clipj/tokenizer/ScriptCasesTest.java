package io.clipj.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden-style cases beyond texts.json, one per script or pattern rule. Each expectation lists the pieces the
 * pattern must produce and the vocab.json tokens (byte symbols) they BPE into; the ids were checked against an
 * independent Python run of OpenAI's algorithm on the same vocab.json/merges.txt while writing this test.
 */
class ScriptCasesTest {

    private record Case(String why, String text, int[] ids, String[] tokens) {
    }

    private static Case c(String why, String text, int[] ids, String... tokens) {
        return new Case(why, text, ids, tokens);
    }

    private static final List<Case> CASES = List.of(
            c("Greek: all letters, one piece per word; final sigma not involved", "Καλημέρα κόσμε",
                    new int[] {138, 118, 138, 109, 138, 119, 138, 115, 138, 120, 138, 255, 139, 223, 138, 365, 138,
                        118, 139, 234, 139, 225, 138, 120, 138, 369},
                    "Î", "º", "Î", "±", "Î", "»", "Î", "·", "Î", "¼", "Î", "Ń", "Ï", "ģ", "Î", "±</w>", "Î", "º", "Ï",
                    "Į", "Ï", "ĥ", "Î", "¼", "Î", "µ</w>"),
            c("Greek upper case: lower() gives final ς (U+03C2 = CF 82) at the word end", "ΟΔΟΣ",
                    new int[] {138, 123, 138, 112, 138, 123, 139, 480}, "Î", "¿", "Î", "´", "Î", "¿", "Ï", "Ĥ</w>"),
            c("Greek lone capital sigma lowers to σ (CF 83), not ς", "Σ", new int[] {139, 481}, "Ï", "ĥ</w>"),
            c("Cyrillic with punctuation pieces", "Привет, мир!",
                    new int[] {26302, 16370, 29503, 110, 22176, 141, 480, 267, 38018, 16701, 141, 478, 256},
                    "Ð¿", "ÑĢ", "Ð¸Ð", "²", "Ðµ", "Ñ", "Ĥ</w>", ",</w>", "Ð¼", "Ð¸", "Ñ", "Ģ</w>", "!</w>"),
            c("Arabic letters", "مرحبا بالعالم",
                    new int[] {12986, 10948, 25722, 16378, 22625, 16378, 12973, 18843, 12973, 29945},
                    "Ùħ", "Ø±", "ØŃ", "Ø¨", "Ø§</w>", "Ø¨", "Ø§ÙĦ", "Ø¹", "Ø§ÙĦ", "Ùħ</w>"),
            c("Devanagari: virama U+094D (Mn) and vowel sign U+0947 (Mc) are not \\p{L}: separate symbol pieces",
                    "नमस्ते", new int[] {3124, 101, 48254, 28505, 19389, 27263, 25130},
                    "à¤", "¨", "à¤®", "à¤¸</w>", "à¥į</w>", "à¤¤</w>", "à¥ĩ</w>"),
            c("Thai: combining vowels U+0E31/U+0E35 (Mn) split the words", "สวัสดีครับ",
                    new int[] {37883, 30245, 14978, 37883, 38825, 20278, 39628, 352, 14978, 39616},
                    "à¸ª", "à¸§</w>", "à¸±</w>", "à¸ª", "à¸Ķ</w>", "à¸µ</w>", "à¸Ħà¸", "£</w>", "à¸±</w>", "à¸ļ</w>"),
            c("Korean syllables are letters: one piece", "안녕하세요",
                    new int[] {16071, 230, 167, 227, 243, 33992, 15074, 116, 18541, 498},
                    "ìķ", "Ī", "ë", "ħ", "ķ", "íķĺ", "ìĦ", "¸", "ìļ", "Ķ</w>"),
            c("emoji + ZWJ (U+200D, Cf) form one symbol piece", "👩\u200D💻 coder",
                    new int[] {26304, 18135, 41561}, "ðŁĳ©âĢį", "ðŁĴ»</w>", "coder</w>"),
            c("family ZWJ sequence", "👨\u200D👩\u200D👧", new int[] {25023, 26304, 964, 356},
                    "ðŁĳ¨âĢį", "ðŁĳ©âĢį", "ðŁĳ", "§</w>"),
            c("punctuation run is one piece", "wait...!?!", new int[] {1885, 3002, 29767}, "wait</w>", "...", "!?!</w>"),
            c("punctuation runs separated by a space", "--- ***", new int[] {11079, 7829}, "---</w>", "***</w>"),
            c("literal <|endoftext|> in text is the end token, glued letters are separate pieces", "a<|endoftext|>b",
                    new int[] {320, 49407, 321}, "a</w>", "<|endoftext|>", "b</w>"),
            c("literal <|startoftext|> in text", "hello <|startoftext|> world", new int[] {3306, 49406, 1002},
                    "hello</w>", "<|startoftext|>", "world</w>"),
            c("IGNORECASE: 'ſ (long s) matches the 's contraction", "it'ſ", new int[] {585, 6, 129, 379},
                    "it</w>", "'", "Å", "¿</w>"));

    @Test
    void scriptsAndPatternRules() {
        ClipTokenizer tok = TestAssets.clip();
        var vocab = tok.vocabulary();
        List<String> mismatches = new ArrayList<>();
        for (Case k : CASES) {
            int[] want = new int[k.ids().length + 2];
            want[0] = 49406;
            System.arraycopy(k.ids(), 0, want, 1, k.ids().length);
            want[want.length - 1] = 49407;
            int[] got = tok.encode(k.text());
            if (!Arrays.equals(got, want)) {
                mismatches.add(k.why() + ": expected " + Arrays.toString(want) + " got " + Arrays.toString(got));
            }
            for (int i = 0; i < k.tokens().length; i++) {
                Integer id = vocab.get(k.tokens()[i]);
                if (id == null || id != k.ids()[i]) {
                    mismatches.add(k.why() + ": token " + k.tokens()[i] + " has id " + id + ", case says "
                            + k.ids()[i]);
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }
}

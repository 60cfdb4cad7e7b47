package io.clipj.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad model directories fail with a message naming the file; config variants are honoured. */
class LoadingErrorsTest {

    @TempDir
    Path tmp;

    private Path copyTokenizerFiles() throws Exception {
        Path dir = Files.createTempDirectory(tmp, "model");
        Files.copy(TestAssets.modelDir().resolve("vocab.json"), dir.resolve("vocab.json"));
        Files.copy(TestAssets.modelDir().resolve("merges.txt"), dir.resolve("merges.txt"));
        return dir;
    }

    @Test
    void missingDirectoryOrFiles() throws Exception {
        assertThatThrownBy(() -> ClipTokenizer.fromModelDirectory(tmp.resolve("nope")))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("nope");
        Path dir = Files.createDirectory(tmp.resolve("empty"));
        assertThatThrownBy(() -> ClipTokenizer.fromModelDirectory(dir))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("vocab.json");
        assertThatThrownBy(() -> ClipTokenizer.fromOpenAiBpe(tmp.resolve("x.gz")))
                .isInstanceOf(NoSuchFileException.class);
        Path notGz = Files.writeString(tmp.resolve("plain.gz"), "not gzip");
        assertThatThrownBy(() -> ClipTokenizer.fromOpenAiBpe(notGz)).hasMessageContaining("plain.gz");
    }

    @Test
    void brokenFilesNameTheFile() throws Exception {
        Path dir = copyTokenizerFiles();
        Files.writeString(dir.resolve("vocab.json"), "[1, 2]");
        assertThatThrownBy(() -> ClipTokenizer.fromModelDirectory(dir)).hasMessageContaining("vocab.json");
        Path dir2 = Files.createDirectory(tmp.resolve("m2"));
        Files.copy(TestAssets.modelDir().resolve("vocab.json"), dir2.resolve("vocab.json"));
        Files.writeString(dir2.resolve("merges.txt"), "#version: 0.2\ni n\nfoo bar baz\n");
        assertThatThrownBy(() -> ClipTokenizer.fromModelDirectory(dir2))
                .hasMessageContaining("merges.txt").hasMessageContaining("line 3");
        Path dir3 = copyTokenizerFiles();
        Files.writeString(dir3.resolve("tokenizer_config.json"), "{\"bos_token\": 5}");
        assertThatThrownBy(() -> ClipTokenizer.fromModelDirectory(dir3))
                .hasMessageContaining("tokenizer_config.json").hasMessageContaining("bos_token");
    }

    @Test
    void defaultsAndConfigVariants() throws Exception {
        Path dir = copyTokenizerFiles();
        ClipTokenizer defaults = ClipTokenizer.fromModelDirectory(dir);
        assertThat(defaults.contextLength()).isEqualTo(77);
        assertThat(defaults.padTokenId()).isEqualTo(49407);
        Files.writeString(dir.resolve("tokenizer_config.json"),
                "{\"model_max_length\": 1000000000000000019884624838656, \"pad_token\": \"!\"}");
        Files.writeString(dir.resolve("special_tokens_map.json"),
                "{\"eos_token\": {\"content\": \"<|endoftext|>\", \"lstrip\": false}}");
        ClipTokenizer configured = ClipTokenizer.fromModelDirectory(dir);
        assertThat(configured.contextLength()).isEqualTo(77);
        assertThat(configured.padTokenId()).isZero();
        assertThat(configured.endTokenId()).isEqualTo(49407);
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"model_max_length\": 8}");
        ClipTokenizer shortContext = ClipTokenizer.fromModelDirectory(dir);
        assertThat(shortContext.encode("a photo of a cat on a mat")).containsExactly(
                49406, 320, 1125, 539, 320, 2368, 525, 49407);
    }
}

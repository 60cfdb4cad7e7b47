package io.clipj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clipj.testutil.Golden;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every setting reaches the instance from {@link Clip#builder}: thread counts, and Hub settings for a Hub id. */
class ClipBuilderTest {

    @Test
    void threadSettingsReachTheOptionsAndTheTowersRunWithThem() {
        try (Clip clip = Clip.builder(Golden.tinyDir()).workers(1).ompThreads(0).batchSize(2).build()) {
            assertThat(clip.options().workers()).isEqualTo(1);
            assertThat(clip.options().ompThreads()).isZero();
            assertThat(clip.options().batchSize()).isEqualTo(2);
            float[][] texts = clip.embedTexts(List.of("a photo of a cat", "a dog", "a bird"));
            assertThat(texts).hasNumberOfRows(3);
            assertThat(texts[0]).hasSize(clip.embeddingDim());
        }
    }

    @Test
    void invalidThreadCountsAreRefusedWithTheirName() {
        assertThatThrownBy(() -> Clip.builder(Golden.tinyDir()).workers(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workers");
        assertThatThrownBy(() -> Clip.builder(Golden.tinyDir()).ompThreads(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ompThreads");
    }

    @Test
    void aLocalDirectoryGivenAsStringNeedsNoHub() {
        try (Clip clip = Clip.builder(Golden.tinyDir().toString()).offline(true).build()) {
            assertThat(clip.embeddingDim()).isPositive();
        }
    }

    @Test
    void hubSettingsReachTheResolver(@TempDir Path cache) {
        // offline with an empty cache: the resolver must use this cache and refuse the network
        assertThatThrownBy(() -> Clip.builder("acme/not-cached").offline(true).hubCacheDir(cache).revision("v1")
                .hubToken(null).build())
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("acme/not-cached")
                .hasMessageContaining("offline")
                .hasMessageContaining("revision 'v1'")
                .hasMessageContaining(cache.toString());
    }
}

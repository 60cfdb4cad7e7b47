package io.clipj.image.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.clipj.image.ClipImageProcessor;
import io.clipj.image.ImageDecodeException;
import io.clipj.image.PixelLimit;
import io.clipj.testing.FuzzCorpus;
import io.clipj.testing.Mutations;
import io.clipj.testing.SharedAssets;
import io.clipj.weights.config.PreprocessorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Arbitrary bytes (and mutants of real images) through decode and CLIP preprocessing: either a
 * {@code [3, 224, 224]} array of finite values, or an {@link ImageDecodeException} naming the input. Memory
 * stays bounded because the pixel limit is checked on the header's size before pixels are allocated; the
 * fuzz target uses a limit of 4 million pixels so that each execution stays fast (the default PIL limit is
 * exercised by the bomb tests).
 */
class ImageFuzzTest {

    /** Warn above 2 M pixels, refuse above 4 M. */
    static final PixelLimit LIMIT = new PixelLimit(2_000_000);
    private static ClipImageProcessor processor;

    @BeforeAll
    static void setUp() throws IOException {
        processor = ClipImageProcessor.fromConfig(PreprocessorConfig.defaults(), LIMIT);
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        for (Path p : smallSharedImages()) {
            seeds.put(p.getFileName().toString(), Files.readAllBytes(p));
        }
        FuzzCorpus.seedWhenFuzzing(ImageFuzzTest.class, "decodeAndPreprocess", seeds);
    }

    @FuzzTest(maxDuration = "5m")
    void decodeAndPreprocess(byte[] data) {
        float[] out;
        try {
            out = processor.preprocess(data);
        } catch (IOException e) {
            assertThat(e).isInstanceOf(ImageDecodeException.class);
            assertThat(e.getMessage()).startsWith("image bytes: ");
            return;
        }
        assertThat(out).hasSize(3 * 224 * 224);
        for (float v : out) {
            if (!Float.isFinite(v)) {
                throw new AssertionError("non-finite pixel value " + v);
            }
        }
    }

    /** Every shared image (read in place) and deterministic mutants of the small ones keep the contract. */
    @Test
    void sharedImagesAndTheirMutants() throws IOException {
        try (Stream<Path> all = Files.list(SharedAssets.path("images"))) {
            for (Path p : (Iterable<Path>) all.sorted()::iterator) {
                decodeAndPreprocess(Files.readAllBytes(p));
            }
        }
        int i = 0;
        for (Path p : smallSharedImages()) {
            for (byte[] m : Mutations.of(Files.readAllBytes(p), 12, i++)) {
                decodeAndPreprocess(m);
            }
        }
    }

    /** Shared images under 25 KB: good seeds, quick to mutate. */
    static Iterable<Path> smallSharedImages() throws IOException {
        try (Stream<Path> all = Files.list(SharedAssets.path("images"))) {
            return all.filter(p -> p.toFile().length() < 25_000).sorted().toList();
        }
    }
}

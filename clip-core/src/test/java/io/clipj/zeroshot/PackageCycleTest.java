package io.clipj.zeroshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code io.clipj} uses {@code io.clipj.zeroshot}, so the zero-shot package must not use {@code io.clipj}'s types:
 * checked in the compiled classes' constant pools, where every type a class refers to is named.
 */
class PackageCycleTest {

    private static final Pattern API_TYPE = Pattern.compile("io/clipj/[A-Z][A-Za-z0-9_$]*");

    @Test
    void zeroShotClassesReferToNoTypeOfTheApiPackage() throws IOException, URISyntaxException {
        Path dir = Path.of(ZeroShotWeights.class.getResource("ZeroShotWeights.class").toURI()).getParent();
        List<Path> classes;
        try (Stream<Path> files = Files.list(dir)) {
            classes = files.filter(f -> f.toString().endsWith(".class")).toList();
        }
        assertThat(classes).hasSizeGreaterThan(5);
        for (Path c : classes) {
            Matcher m = API_TYPE.matcher(new String(Files.readAllBytes(c), StandardCharsets.ISO_8859_1));
            assertThat(m.find() ? m.group() : null).as(c.getFileName() + " refers to an io.clipj type").isNull();
        }
    }
}

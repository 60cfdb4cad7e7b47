package io.clipj.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outputs appear whole or not at all, never over an input, never outside {@code --out}. */
class OutputFilesTest {

    @TempDir
    Path dir;

    @Test
    void writesThroughATemporaryFileAndLeavesOnlyTheResult() throws IOException {
        Path out = dir.resolve("x.bin");
        OutputFiles.writeAtomically(out, os -> os.write("hello".getBytes(StandardCharsets.US_ASCII)));
        assertThat(out).hasContent("hello");
        assertThat(listing()).containsExactly("x.bin");
    }

    @Test
    void aFailingWriterLeavesTheOldFileAndNoTemporary() throws IOException {
        Path out = dir.resolve("x.bin");
        Files.writeString(out, "old");
        assertThatThrownBy(() -> OutputFiles.writeAtomically(out, os -> {
            os.write(new byte[100_000]);
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThatThrownBy(() -> OutputFiles.writeAtomically(out, os -> {
            os.write(1);
            throw new IllegalStateException("bug");
        })).hasMessage("bug");
        assertThatThrownBy(() -> OutputFiles.writeAtomically(out, os -> {
            os.write(1);
            throw new OutOfMemoryError("simulated");
        })).hasMessage("simulated");
        assertThat(out).hasContent("old");
        assertThat(listing()).containsExactly("x.bin");
    }

    @Test
    void anInterruptedWriteLeavesNothing() throws Exception {
        Path out = dir.resolve("x.bin");
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(() -> {
            try {
                OutputFiles.writeAtomically(out, os -> {
                    Thread.currentThread().interrupt(); // Ctrl-C in a run that stops its workers by interrupting
                    os.write(new byte[1 << 20]);
                });
            } catch (Throwable e) {
                failure[0] = e;
            }
        });
        t.start();
        t.join();
        assertThat(failure[0]).isInstanceOf(IOException.class); // ClosedByInterruptException or InterruptedIOException
        assertThat(listing()).isEmpty();
    }

    @Test
    void refusesOutputsThatAreOrLieInsideInputs() throws IOException {
        Path image = Files.writeString(dir.resolve("cat.png"), "png");
        Path model = Files.createDirectories(dir.resolve("model"));
        Path link = Files.createSymbolicLink(dir.resolve("alias.png"), image);
        List<Path> inputs = List.of(image, model);
        assertThatThrownBy(() -> OutputFiles.checkNotInput("--out", image, inputs))
                .hasMessageContaining("cat.png").hasMessageContaining("refusing to overwrite");
        assertThatThrownBy(() -> OutputFiles.checkNotInput("--out", link, inputs))
                .hasMessageContaining("alias.png").hasMessageContaining("refusing to overwrite");
        assertThatThrownBy(() -> OutputFiles.checkNotInput("--out", dir.resolve("model/../model/x.npy"), inputs))
                .hasMessageContaining("inside the input directory");
        OutputFiles.checkNotInput("--out", dir.resolve("x.npy"), inputs);
        assertThat(image).hasContent("png");
    }

    @Test
    void namesCannotEscapeTheOutputDirectory() {
        assertThat(OutputFiles.inside(dir, "image_embeds.npy")).isEqualTo(dir.toAbsolutePath().resolve("image_embeds.npy"));
        for (String bad : new String[] {"../x.npy", "/etc/passwd", "a/../../x", "."}) {
            assertThatThrownBy(() -> OutputFiles.inside(dir, bad)).as(bad).hasMessageContaining("escapes the --out");
        }
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}

package io.clipj.bench.cli;

import io.clipj.weights.AtomicFiles;
import io.clipj.weights.npy.Npy;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import javax.imageio.ImageIO;

/**
 * How every command writes its outputs: checked first (never onto or into an input, never outside the
 * {@code --out} directory), then written to a temporary sibling and moved into place atomically, so a
 * failed run leaves no half-written file and no existing output is clobbered by a partial one.
 *
 * <p>Stateless and thread-safe.
 */
final class OutputFiles {

    private OutputFiles() {
    }

    /** Writes {@code file} (creating its directory) with {@link AtomicFiles#writeStream}: all or nothing. */
    static void writeAtomically(Path file, AtomicFiles.StreamBody body) throws IOException {
        AtomicFiles.writeStream(file, body);
    }

    /** Writes a float32 {@code .npy} file atomically. */
    static void writeNpy(Path file, float[] data, int... shape) throws IOException {
        writeAtomically(file, os -> Npy.write(os, data, shape));
    }

    /**
     * Refuses {@code out} when it is one of the {@code inputs} or lies inside an input directory (a model
     * or dataset directory), comparing real paths so symlinks and {@code ..} do not hide the overlap.
     */
    static void checkNotInput(String option, Path out, Collection<Path> inputs) throws IOException {
        Path target = canonical(out);
        for (Path input : inputs) {
            Path in = canonical(input);
            if (target.equals(in)) {
                throw new IllegalArgumentException(option + " " + out + ": is an input (" + input
                        + "); refusing to overwrite it");
            }
            if (Files.isDirectory(in) && target.startsWith(in)) {
                throw new IllegalArgumentException(option + " " + out + ": lies inside the input directory " + input
                        + "; refusing to write there");
            }
        }
    }

    /** {@code dir/name}, refusing names that would escape {@code dir} (absolute, {@code ..}). */
    static Path inside(Path dir, String name) {
        Path base = dir.toAbsolutePath().normalize();
        Path file = base.resolve(name).normalize();
        if (!file.startsWith(base) || file.equals(base)) {
            throw new IllegalArgumentException("output name " + name + " escapes the --out directory " + dir);
        }
        return file;
    }

    /** Refuses a file output whose parent directory does not exist (a likely typo), naming the option. */
    static void checkParentExists(String option, Path out) throws NoSuchFileException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new NoSuchFileException(out.toString(), null, option + ": its directory does not exist");
        }
        if (Files.isDirectory(out)) {
            throw new IllegalArgumentException(option + " " + out + ": is a directory, expected a file name");
        }
    }

    /** Writes a PNG atomically. */
    static void writePng(Path file, BufferedImage image) throws IOException {
        writeAtomically(file, os -> {
            if (!ImageIO.write(image, "png", os)) {
                throw new IOException("no PNG writer available");
            }
        });
    }

    private static Path canonical(Path p) throws IOException {
        Path abs = p.toAbsolutePath().normalize();
        // the deepest existing ancestor's real path, plus the rest: the output usually does not exist yet
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
    }
}

package io.clipj.bench.cli;

import io.clipj.weights.AtomicFiles;
import io.clipj.weights.npy.Npy;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * How every command writes its outputs: checked first (never onto or into an input, never outside the
 * {@code --out} directory), then written to a temporary sibling and moved into place atomically, so a
 * failed run leaves no half-written file and no existing output is clobbered by a partial one.
 *
 * <p>Stateless and thread-safe.
 */
final class OutputFiles {

    private static final SecureRandom RANDOM = new SecureRandom();

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

    /**
     * Fails before any work is done when files cannot be created in {@code dir} (or, for a directory still to be
     * created, in its nearest existing ancestor): a read-only or foreign directory, or a path through a regular
     * file. Probes by creating and deleting a hidden file, the only test that also sees read-only mounts and ACLs.
     */
    static void checkWritableDirectory(String option, Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return;
        }
        if (!Files.isDirectory(existing)) {
            throw new IllegalArgumentException(option + " " + dir + ": " + existing + " is not a directory");
        }
        Path probe = existing.resolve(".clipj-write-test." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
        try {
            Files.newByteChannel(probe, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW).close();
        } catch (IOException e) {
            throw new IllegalArgumentException(option + " " + dir + ": cannot create files in " + existing + " ("
                    + ErrorHandler.describe(e) + ")", e);
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    /** {@link #checkParentExists} and {@link #checkWritableDirectory} of the parent, before any work is done. */
    static void checkWritableFile(String option, Path out) throws IOException {
        checkParentExists(option, out);
        checkWritableDirectory(option, out.toAbsolutePath().getParent());
    }

    /**
     * {@code png} or {@code jpeg}, from the name of the picture {@code file} given to {@code option}; any other
     * name is refused (before any work), so a {@code .jpg} never holds PNG bytes.
     */
    static String imageFormat(String option, Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) {
            return "png";
        }
        if (name.endsWith(".jpg") || name.endsWith(".jpeg")) {
            return "jpeg";
        }
        throw new IllegalArgumentException(option + " " + file + ": name it .png or .jpg (the format follows the"
                + " name)");
    }

    /** Writes {@code image} atomically as PNG or JPEG, by {@code file}'s name ({@link #imageFormat}). */
    static void writeImage(String option, Path file, BufferedImage image) throws IOException {
        if (imageFormat(option, file).equals("png")) {
            writePng(file, image);
        } else {
            writeJpeg(file, image);
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

    /** A JPEG of {@code image} (quality 0.95, its colours on an opaque RGB raster), written atomically. */
    static void writeJpeg(Path file, BufferedImage image) throws IOException {
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = rgb.createGraphics();
        g.drawImage(image, 0, 0, java.awt.Color.WHITE, null);
        g.dispose();
        writeAtomically(file, os -> {
            javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            try (javax.imageio.stream.ImageOutputStream out = ImageIO.createImageOutputStream(os)) {
                writer.setOutput(out);
                javax.imageio.ImageWriteParam p = writer.getDefaultWriteParam();
                p.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
                p.setCompressionQuality(0.95f);
                writer.write(null, new javax.imageio.IIOImage(rgb, null, null), p);
            } finally {
                writer.dispose();
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

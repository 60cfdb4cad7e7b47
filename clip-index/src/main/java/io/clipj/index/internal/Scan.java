package io.clipj.index.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Lists what is under the roots of an update: image files (by extension, recursively, in name order) and
 * WebDataset shards ({@code *.tar}), each with its absolute path and stamp. A file given as a root is an
 * image (or a shard, if it ends in {@code .tar}) whatever its extension.
 *
 * <p>Stateless and thread-safe.
 */
public final class Scan {

    /** A file to index: an image, or a shard whose image members are entries. */
    public record Source(Path path, Entries.Stamp stamp, boolean shard) {
    }

    private Scan() {
    }

    /** The absolute, normalised form of a root, as entry paths are written. */
    public static Path absolute(Path root) {
        return root.toAbsolutePath().normalize();
    }

    /** Whether entry {@code path} lies under {@code root} (the root itself, a file in it, or a member of it). */
    public static boolean under(String path, Path root) {
        String r = root.toString();
        return path.equals(r) || path.startsWith(r.endsWith("/") ? r : r + "/") || path.startsWith(r + "#");
    }

    public static List<Source> list(List<Path> roots) throws IOException {
        List<Source> out = new ArrayList<>();
        for (Path given : roots) {
            Path root = absolute(given);
            if (!Files.exists(root)) {
                throw new NoSuchFileException(given.toString(), null, "no such file or directory");
            }
            if (Files.isDirectory(root)) {
                try (Stream<Path> walk = Files.walk(root)) {
                    for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
                        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
                        String ext = name.substring(name.lastIndexOf('.') + 1);
                        if (Files.isRegularFile(p) && (ext.equals("tar") || Decoder.IMAGE_EXTENSIONS.contains(ext))) {
                            out.add(source(p));
                        }
                    }
                }
            } else {
                out.add(source(root));
            }
        }
        return out;
    }

    private static Source source(Path p) throws IOException {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        return new Source(p, new Entries.Stamp(a.size(), a.lastModifiedTime().toMillis()),
                p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".tar"));
    }
}

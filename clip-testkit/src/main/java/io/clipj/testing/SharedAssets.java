package io.clipj.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the read-only test assets ({@code ../shared}) through the system property {@code clip.assets},
 * failing with a message naming the expected path when they are missing. Tests read assets in place.
 */
public final class SharedAssets {

    private SharedAssets() {
    }

    /** The assets root. */
    public static Path root() {
        Path root = Path.of(System.getProperty("clip.assets", "../shared")).toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("golden"))) {
            throw new IllegalStateException("test assets not found at " + root
                    + " (set -Dclip.assets=/path/to/shared; expected golden/, images/, models/ there)");
        }
        return root;
    }

    /** A path below the assets root, which must exist. */
    public static Path path(String relative) {
        Path p = root().resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException("test asset missing: " + p);
        }
        return p;
    }

    /** The random-weight tiny CLIP model directory with its reference outputs. */
    public static Path tinyModel() {
        return path("golden/tiny");
    }
}

package io.clipj.index;

import io.clipj.Clip;
import java.nio.file.Path;
import java.util.List;

/** A child JVM for {@link CrashTest}: indexes {@code args[1]} into {@code args[0]}, committing every 20 images. */
public final class IndexChild {

    private IndexChild() {
    }

    public static void main(String[] args) throws Exception {
        try (Clip clip = Clip.load(ClipIndexTest.TINY);
             ClipIndex index = ClipIndex.create(Path.of(args[0]), clip, ClipIndexTest.TINY, "tiny")) {
            index.update(List.of(Path.of(args[1])), 20, IndexListener.NONE);
        }
    }
}

package io.clipj.spark;

import io.clipj.internal.data.TarEntry;
import io.clipj.internal.data.TarReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the samples of one img2dataset tar shard in member order. Members are grouped as webdataset groups
 * them: consecutive members with the same key (name up to the first dot of its basename, directory part
 * included) form one sample; the extension is the rest of the name, matched case-insensitively. Members other
 * than an image, {@code .txt} and {@code .cls} ({@code .json}, ...) are skipped unread.
 *
 * <p>Memory is bounded: a member larger than {@code maxMemberBytes} is never read (its sample is reported with
 * a problem), so at most one sample's members are held. Not thread-safe.
 */
final class CaptionShardReader implements Closeable {

    /** Image extensions img2dataset writes, in webdataset's preference order when a key has several. */
    static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "webp");
    private static final int MAX_TEXT_BYTES = 1 << 20;

    private final TarReader tar;
    private final String source;
    private final long maxMemberBytes;
    private TarEntry pending;
    private boolean started;

    CaptionShardReader(InputStream in, String source, long maxMemberBytes) {
        this.tar = new TarReader(in, source);
        this.source = source;
        this.maxMemberBytes = maxMemberBytes;
    }

    /** The next sample, or {@code null} at the end of the shard. */
    CaptionSample next() throws IOException {
        if (!started) {
            pending = tar.nextEntry();
            started = true;
        }
        if (pending == null) {
            return null;
        }
        String key = key(pending.name());
        byte[] image = null;
        String imageName = null;
        String caption = null;
        Integer label = null;
        String problem = null;
        while (pending != null && key(pending.name()).equals(key)) {
            String name = pending.name();
            String ext = extension(name);
            boolean wanted = IMAGE_EXTENSIONS.contains(ext) || ext.equals("txt") || ext.equals("cls");
            long limit = IMAGE_EXTENSIONS.contains(ext) ? maxMemberBytes : MAX_TEXT_BYTES;
            if (wanted && pending.size() > limit) {
                problem = "member " + name + " of " + pending.size() + " bytes is over the limit of " + limit;
            } else if (IMAGE_EXTENSIONS.contains(ext)) {
                if (image == null || rank(ext) < rank(extension(imageName))) {
                    image = tar.readContent();
                    imageName = name;
                }
            } else if (ext.equals("txt")) {
                caption = new String(tar.readContent(), StandardCharsets.UTF_8);
            } else if (ext.equals("cls")) {
                String text = new String(tar.readContent(), StandardCharsets.US_ASCII).strip();
                try {
                    label = Integer.valueOf(text);
                } catch (NumberFormatException e) {
                    problem = "member " + name + ": label '" + text + "' is not an integer";
                }
            }
            pending = tar.nextEntry();
        }
        if (image == null && problem == null) {
            problem = "no image member (" + String.join(", ", IMAGE_EXTENSIONS.stream().sorted().toList()) + ")";
        }
        if (problem != null) {
            image = null;
        }
        return new CaptionSample(key, image, imageName, caption, label, problem);
    }

    /** The shard's name, for messages. */
    String source() {
        return source;
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }

    static String key(String name) {
        int slash = name.lastIndexOf('/');
        int dot = name.indexOf('.', slash + 1);
        return dot < 0 ? name : name.substring(0, dot);
    }

    static String extension(String name) {
        int slash = name.lastIndexOf('/');
        int dot = name.indexOf('.', slash + 1);
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** webdataset's {@code ["webp", "png", "jpg", "jpeg"]} preference. */
    private static int rank(String ext) {
        return switch (ext) {
            case "webp" -> 0;
            case "png" -> 1;
            case "jpg" -> 2;
            default -> 3;
        };
    }
}

package io.clipj.index.internal;

import io.clipj.internal.data.TarEntry;
import io.clipj.internal.data.TarReader;
import io.clipj.image.ClipImageProcessor;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;

/**
 * The producer side of an update: reads the files and shards that need it, decodes and preprocesses each
 * image, and puts one message per entry on a bounded queue (the memory bound: capacity × one image's pixels),
 * so decoding overlaps the model running on the consumer's thread. Members of a shard whose stamp matches
 * the index are passed on as unchanged without decoding.
 *
 * <p>One instance runs on one thread.
 */
final class Decoder implements Runnable {

    static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "webp", "bmp", "gif");

    sealed interface Message permits Pixels, Failed, Unchanged, End {
    }

    record Pixels(String path, Entries.Stamp stamp, float[] values) implements Message {
    }

    record Failed(String path, String message) implements Message {
    }

    record Unchanged(String path) implements Message {
    }

    record End(Throwable error) implements Message {
    }

    private final ClipImageProcessor processor;
    private final List<Scan.Source> files;
    private final List<Scan.Source> shards;
    private final Map<String, Entries.Stamp> existing;
    private final BlockingQueue<Message> queue;

    Decoder(ClipImageProcessor processor, List<Scan.Source> files, List<Scan.Source> shards,
            Map<String, Entries.Stamp> existing, BlockingQueue<Message> queue) {
        this.processor = processor;
        this.files = files;
        this.shards = shards;
        this.existing = existing;
        this.queue = queue;
    }

    @Override
    public void run() {
        Throwable error = null;
        try {
            for (Scan.Source f : files) {
                queue.put(decode(f.path().toString(), f.stamp(), () -> processor.preprocess(f.path())));
            }
            for (Scan.Source shard : shards) {
                readShard(shard);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (IOException | RuntimeException e) {
            error = e;
        }
        try {
            queue.put(new End(error));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void readShard(Scan.Source shard) throws InterruptedException, IOException {
        String name = shard.path().toString();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(shard.path()));
             TarReader tar = new TarReader(in, name)) {
            for (TarEntry e = tar.nextEntry(); e != null; e = tar.nextEntry()) {
                String key = imageKey(e.name());
                if (key == null) {
                    continue;
                }
                String path = name + "#" + key;
                if (shard.stamp().equals(existing.get(path))) {
                    queue.put(new Unchanged(path));
                    continue;
                }
                byte[] bytes = tar.readContent();
                queue.put(decode(path, shard.stamp(), () -> processor.preprocess(bytes)));
            }
        } catch (IOException | RuntimeException e) {
            queue.put(new Failed(name, "unreadable shard: " + e.getMessage()));
        }
    }

    /** The sample key of an image member (webdataset's split at the basename's first dot), or null. */
    static String imageKey(String member) {
        int slash = member.lastIndexOf('/');
        int dot = member.indexOf('.', slash + 1);
        if (dot <= slash + 1) {
            return null;
        }
        String ext = member.substring(member.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return IMAGE_EXTENSIONS.contains(ext) ? member.substring(0, dot) : null;
    }

    private interface Preprocess {
        float[] run() throws IOException;
    }

    private static Message decode(String path, Entries.Stamp stamp, Preprocess preprocess) {
        try {
            return new Pixels(path, stamp, preprocess.run());
        } catch (IOException | RuntimeException e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new Failed(path, msg);
        }
    }
}

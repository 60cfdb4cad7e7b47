package io.clipj.internal.data;

import io.clipj.data.DatasetException;
import io.clipj.data.Sample;
import io.clipj.data.WdsOptions;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups the members of one shard into complete samples, in the order samples complete, whatever the
 * order of a sample's members (label before image is fine). Only samples still missing a member are held.
 *
 * <p>Not thread-safe.
 */
public final class ShardSampleReader implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(ShardSampleReader.class);
    /** Image extensions in webdataset's {@code to_tuple(["webp", "png", "jpg", "jpeg"], "cls")} order. */
    private static final List<String> IMAGE_PREFERENCE = List.of("webp", "png", "jpg", "jpeg");
    /** A class index is a few ASCII digits; anything much larger is not a label. */
    private static final int MAX_CLS_BYTES = 256;

    /** Members of one key seen so far. */
    private static final class Partial {
        byte[] image;
        String extension;
        Integer label;
    }

    private final TarReader tar;
    private final String shard;
    private final int numClasses;
    private final WdsOptions options;
    private final Map<String, Partial> pending = new LinkedHashMap<>();
    /** Keys already emitted or rejected: later members of theirs are ignored. */
    private final Set<String> finished = new HashSet<>();
    private long pendingBytes;
    /** A complete sample, emitted once a member of another key (or the end of the shard) shows up. */
    private String readyKey;
    /** The member that revealed {@link #readyKey} complete, processed on the next call. */
    private TarEntry deferred;
    private boolean atEnd;
    private int skipped;
    private boolean done;

    public ShardSampleReader(Path file, String shard, int numClasses, WdsOptions options) throws IOException {
        this.tar = new TarReader(new BufferedInputStream(Files.newInputStream(file), 1 << 16), shard);
        this.shard = shard;
        this.numClasses = numClasses;
        this.options = options;
    }

    /** Samples skipped so far (only with {@code skipBad}). */
    public int skipped() {
        return skipped;
    }

    /**
     * The next complete sample, or null when the shard is exhausted. As in webdataset, a sample is complete
     * once a member of another key follows it (or the shard ends), so an image in several formats resolves
     * by webdataset's preference (webp, png, jpg, jpeg).
     */
    public Sample next() {
        while (!done) {
            if (atEnd) {
                Sample last = takeReady();
                if (last != null) {
                    return last;
                }
                done = true;
                flushIncomplete();
                return null;
            }
            String key = null;
            try {
                TarEntry entry = deferred != null ? deferred : tar.nextEntry();
                deferred = null;
                if (entry == null) {
                    atEnd = true;
                    continue;
                }
                MemberNames.checkSafe(shard, entry.name());
                MemberNames.KeyAndExtension split = MemberNames.split(entry.name());
                if (split == null) {
                    LOG.debug("{}: ignoring member '{}' (no extension)", shard, entry.name());
                    continue;
                }
                key = split.key();
                if (readyKey != null && !readyKey.equals(key)) {
                    deferred = entry; // its content stays unread in the tar stream until the next call
                    return takeReady();
                }
                accept(entry, key, split.extension().toLowerCase(Locale.ROOT));
            } catch (TarFormatException e) {
                atEnd = true;
                unreadable(key, e);
            } catch (IOException e) {
                throw new DatasetException(shard, key, "read failed: " + e, e);
            }
        }
        return null;
    }

    private void accept(TarEntry entry, String key, String ext) throws IOException {
        int priority = IMAGE_PREFERENCE.indexOf(ext);
        boolean image = priority >= 0;
        if (!image && !ext.equals("cls")) {
            return; // other members (json, txt, ...) are not used for classification
        }
        if (finished.contains(key)) {
            LOG.warn("{}: ignoring member '{}': its sample '{}' was already complete or rejected", shard,
                    MemberNames.printable(entry.name()), key);
            return;
        }
        Partial partial = pending.computeIfAbsent(key, k -> new Partial());
        long limit = image ? options.maxMemberBytes() : MAX_CLS_BYTES;
        if (entry.size() > limit) {
            reject(key, "member '" + entry.name() + "' has " + entry.size() + " bytes (limit " + limit + ")");
            return;
        }
        if (image ? ext.equals(partial.extension) : partial.label != null) {
            reject(key, "duplicate " + (image ? "image" : "label") + " member '" + entry.name() + "'");
            return;
        }
        if (image && partial.image != null && IMAGE_PREFERENCE.indexOf(partial.extension) < priority) {
            return; // the sample already has an image in a preferred format
        }
        byte[] content = tar.readContent();
        if (image) {
            pendingBytes += content.length - (partial.image != null ? partial.image.length : 0);
            partial.image = content;
            partial.extension = ext;
            if (pendingBytes > options.maxPendingBytes()) {
                throw new DatasetException(shard, key, pending.size() + " incomplete samples hold " + pendingBytes
                        + " bytes (limit " + options.maxPendingBytes() + "): members of one key are too far apart");
            }
        } else {
            String problem = parseLabel(content, partial);
            if (problem != null) {
                reject(key, problem + " in member '" + entry.name() + "'");
                return;
            }
        }
        if (partial.image != null && partial.label != null) {
            readyKey = key;
        }
    }

    /** Removes and returns the complete sample waiting for emission, if any. */
    private Sample takeReady() {
        if (readyKey == null) {
            return null;
        }
        String key = readyKey;
        Partial partial = pending.get(key);
        remove(key);
        return new Sample(key, partial.image, partial.extension, partial.label, shard);
    }

    /** Sets {@code partial.label}, or returns what is wrong with the {@code .cls} content. */
    private String parseLabel(byte[] content, Partial partial) {
        String text = new String(content, StandardCharsets.US_ASCII).strip();
        if (!text.matches("[+-]?[0-9]{1,9}")) {
            return "bad class label '" + MemberNames.printable(text) + "' (expected an ASCII integer)";
        }
        int label = Integer.parseInt(text);
        if (label < 0 || label >= numClasses) {
            return "class label " + label + " out of range [0, " + numClasses + ")";
        }
        partial.label = label;
        return null;
    }

    private void reject(String key, String problem) {
        remove(key);
        bad(key, problem, null);
    }

    private void remove(String key) {
        Partial partial = pending.remove(key);
        if (partial != null && partial.image != null) {
            pendingBytes -= partial.image.length;
        }
        finished.add(key);
        if (key.equals(readyKey)) {
            readyKey = null;
        }
    }

    /** At the end of the shard, every sample still pending lacks its image or its label. */
    private void flushIncomplete() {
        Iterator<Map.Entry<String, Partial>> it = pending.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Partial> e = it.next();
            it.remove();
            bad(e.getKey(), e.getValue().image == null ? "no image member (.webp/.jpg/.jpeg/.png)"
                    : "no label member (.cls)", null);
        }
        pendingBytes = 0;
    }

    /**
     * The rest of the shard cannot be read: the sample being read and every pending one are lost (counted
     * with {@code skipBad}); samples after the damage cannot be counted.
     */
    private void unreadable(String key, TarFormatException e) {
        Set<String> lost = new LinkedHashSet<>(pending.keySet());
        if (key != null) {
            lost.add(key);
        }
        if (readyKey != null && !readyKey.equals(key)) {
            lost.remove(readyKey); // complete before the damage: still emitted
        }
        pending.keySet().retainAll(readyKey != null && !lost.contains(readyKey) ? Set.of(readyKey) : Set.of());
        if (pending.isEmpty()) {
            readyKey = null;
        }
        pendingBytes = 0;
        if (lost.isEmpty()) {
            if (!options.skipBad()) {
                throw new DatasetException(shard, null, "unreadable shard: " + e.getMessage(), e);
            }
            LOG.warn("shard {}: rest of the shard skipped: {}", shard, e.getMessage());
            return;
        }
        Iterator<String> it = lost.iterator();
        bad(it.next(), "unreadable shard: " + e.getMessage(), e);
        skipped += lost.size() - 1;
    }

    /** Throws, or with {@code skipBad} logs and counts one bad sample. */
    private void bad(String key, String problem, Throwable cause) {
        if (!options.skipBad()) {
            throw new DatasetException(shard, key, problem, cause);
        }
        skipped++;
        LOG.warn("skipping bad sample: shard {}, sample '{}': {}", shard, MemberNames.printable(String.valueOf(key)),
                MemberNames.printable(problem));
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }
}

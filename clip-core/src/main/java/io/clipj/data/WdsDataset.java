package io.clipj.data;

import io.clipj.internal.data.TextLines;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A classification dataset in the CLIP_benchmark WebDataset layout ({@code clip-benchmark/wds_imagenetv2}
 * and its siblings):
 * <pre>
 * DIR/classnames.txt                              one class name per line, UTF-8
 * DIR/zeroshot_classification_templates.txt       one prompt template per line, with {c}
 * DIR/SPLIT/nshards.txt                           the number of shards n
 * DIR/SPLIT/0.tar ... DIR/SPLIT/(n-1).tar         members KEY.webp|jpg|jpeg|png and KEY.cls
 * </pre>
 *
 * <pre>{@code
 * WdsDataset ds = WdsDataset.open(Path.of("wds_imagenetv2"), "test", WdsOptions.defaults());
 * try (SampleReader samples = ds.reader()) {
 *     while (samples.hasNext()) {
 *         Sample s = samples.next();
 *     }
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe; each {@link #reader()} is an independent, single-threaded pass.
 */
public final class WdsDataset {

    /** The class-names file, relative to the dataset root. */
    public static final String CLASSNAMES = "classnames.txt";
    /** The prompt-templates file, relative to the dataset root. */
    public static final String TEMPLATES = "zeroshot_classification_templates.txt";
    /** The shard-count file, relative to the split directory. */
    public static final String NSHARDS = "nshards.txt";
    /** Largest {@code nshards.txt} read: it holds one number. */
    static final long MAX_NSHARDS_BYTES = 64;
    /** Missing shard names listed in an error message. */
    private static final int MAX_MISSING_LISTED = 10;
    private static final Pattern SHARD_NAME = Pattern.compile("(0|[1-9][0-9]{0,9})\\.tar");

    private final Path root;
    private final String split;
    private final List<String> classNames;
    private final List<String> templates;
    private final List<Path> shards;
    private final WdsOptions options;

    private WdsDataset(Path root, String split, List<String> classNames, List<String> templates, List<Path> shards,
            WdsOptions options) {
        this.root = root;
        this.split = split;
        this.classNames = classNames;
        this.templates = templates;
        this.shards = shards;
        this.options = options;
    }

    /** Opens {@code root} with split {@code split}, checking the layout files and that every shard exists. */
    public static WdsDataset open(Path root, String split, WdsOptions options) {
        if (!Files.isDirectory(root)) {
            throw new DatasetException(null, null, "dataset directory " + root + " does not exist");
        }
        if (split.isEmpty() || split.contains("/") || split.contains("\\") || split.equals("..")) {
            throw new DatasetException(null, null, "bad split name '" + split + "' (expected e.g. 'test')");
        }
        List<String> classNames = TextLines.read(root.resolve(CLASSNAMES), "class names");
        List<String> templates = TextLines.read(root.resolve(TEMPLATES), "prompt templates");
        Path splitDir = root.resolve(split);
        Path nshardsFile = splitDir.resolve(NSHARDS);
        long claimed = shardCount(nshardsFile, split, root);
        // at most as many paths as there are N.tar files, however large the claimed count
        long present = countShardFiles(splitDir);
        int count = (int) Math.min(claimed, present + MAX_MISSING_LISTED);
        List<Path> shards = new ArrayList<>(count);
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path shard = splitDir.resolve(i + ".tar");
            shards.add(shard);
            if (!Files.isRegularFile(shard) && missing.size() < MAX_MISSING_LISTED) {
                missing.add(shard.getFileName().toString());
            }
        }
        if (!missing.isEmpty() || claimed > count) {
            throw new DatasetException(null, null, nshardsFile + " says " + claimed + " shards but " + missing
                    + (claimed > count ? " and more" : "") + " are missing in " + splitDir + " (" + present
                    + " N.tar file(s) present)");
        }
        return new WdsDataset(root, split, classNames, templates, List.copyOf(shards), options);
    }

    /**
     * The count in {@code nshards.txt} (a small file holding one positive number). The caller compares it with
     * the {@code N.tar} files present before allocating anything for it: a ten-byte file claiming 10^8 shards
     * fails naming the file, instead of building 10^8 paths and checking each.
     */
    private static long shardCount(Path nshardsFile, String split, Path root) {
        String text;
        try {
            if (Files.exists(nshardsFile) && !Files.isRegularFile(nshardsFile)) {
                throw new DatasetException(null, null, nshardsFile + " is not a regular file");
            }
            if (Files.exists(nshardsFile) && Files.size(nshardsFile) > MAX_NSHARDS_BYTES) {
                throw new DatasetException(null, null, nshardsFile + " has " + Files.size(nshardsFile)
                        + " bytes; expected a shard count");
            }
            text = Files.readString(nshardsFile, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            throw new DatasetException(null, null, "missing " + nshardsFile + " (is '" + split
                    + "' a split of the dataset at " + root + "?)");
        } catch (CharacterCodingException e) {
            throw new DatasetException(null, null, nshardsFile + " is not UTF-8 text; expected a shard count");
        } catch (IOException e) {
            throw new DatasetException(null, null, "cannot read " + nshardsFile + ": " + e, e);
        }
        long count;
        try {
            count = Long.parseLong(text);
        } catch (NumberFormatException e) {
            count = -1;
        }
        if (count < 1) {
            throw new DatasetException(null, null, nshardsFile + " must hold a positive shard count, found '"
                    + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'");
        }
        return count;
    }

    private static long countShardFiles(Path splitDir) {
        long n = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(splitDir, "*.tar")) {
            for (Path f : files) {
                if (SHARD_NAME.matcher(f.getFileName().toString()).matches()) {
                    n++;
                }
            }
        } catch (IOException e) {
            throw new DatasetException(null, null, "cannot list " + splitDir + ": " + e, e);
        }
        return n;
    }

    /** Opens with {@link WdsOptions#defaults()}. */
    public static WdsDataset open(Path root, String split) {
        return open(root, split, WdsOptions.defaults());
    }

    /** A new pass over all samples; close it when done. */
    public SampleReader reader() {
        return new SampleReader(root, shards, classNames.size(), options);
    }

    /** All samples as a sequential stream; close the stream (try-with-resources) to close the open shard. */
    public Stream<Sample> samples() {
        SampleReader reader = reader();
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(reader,
                Spliterator.ORDERED | Spliterator.NONNULL), false).onClose(reader::close);
    }

    /** The dataset root directory. */
    public Path root() {
        return root;
    }

    /** The split, e.g. {@code test}. */
    public String split() {
        return split;
    }

    /** Class names, index = label. */
    public List<String> classNames() {
        return classNames;
    }

    /** Prompt templates as stored (each should contain {@code {c}}). */
    public List<String> templates() {
        return templates;
    }

    /** The shard files, in reading order. */
    public List<Path> shards() {
        return shards;
    }

    /** The reading options. */
    public WdsOptions options() {
        return options;
    }
}

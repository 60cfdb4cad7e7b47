package io.clipj.data;

/**
 * One labelled image of a WebDataset shard.
 *
 * <p>Shallowly immutable: the image array is shared, not copied; safe to hand between threads as long as
 * nobody writes into it.
 *
 * @param key the sample key (member name up to the first dot of its basename, directory part included)
 * @param image the encoded image bytes, as stored (treat as read-only; not copied for speed)
 * @param imageExtension the image member's extension in lower case: {@code webp}, {@code jpg}, {@code jpeg}
 *     or {@code png}
 * @param label the class index from the {@code .cls} member, in {@code [0, number of classes)}
 * @param shard the shard it came from, relative to the dataset root (e.g. {@code test/0.tar})
 */
public record Sample(String key, byte[] image, String imageExtension, int label, String shard) {

    @Override
    public String toString() {
        return "Sample[" + shard + ":" + key + "." + imageExtension + ", " + image.length + " bytes, label " + label
                + "]";
    }
}

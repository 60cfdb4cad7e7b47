package io.clipj.spark;

/**
 * One sample of an img2dataset shard: the members of one key ({@code KEY.jpg|png|webp}, optional
 * {@code KEY.txt} caption and {@code KEY.cls} label).
 *
 * @param key       the member names' common prefix (directory part included), webdataset's {@code __key__}
 * @param image     encoded image bytes, or {@code null} if the sample has none (or it was refused)
 * @param imageName the image member's name, for messages ({@code null} without an image)
 * @param caption   the {@code .txt} member as UTF-8, or {@code null}
 * @param label     the {@code .cls} member as an integer, or {@code null}
 * @param problem   why the sample cannot be embedded (no image, member too large, bad label), or {@code null}
 */
record CaptionSample(String key, byte[] image, String imageName, String caption, Integer label, String problem) {
}

/**
 * Reading classification datasets in the WebDataset layout CLIP_benchmark publishes
 * ({@code clip-benchmark/wds_imagenetv2} and siblings), and feeding them to a model.
 *
 * <p>{@link io.clipj.data.WdsDataset} opens the layout (class names, prompt templates, {@code nshards.txt},
 * numbered shards) and gives a {@link io.clipj.data.SampleReader} (an {@code Iterator<Sample>}) or a
 * {@code Stream<Sample>}. Shards are read by {@link io.clipj.internal.data.TarReader}, a streaming tar reader written
 * here rather than taken from Apache commons-compress: the tar format is small, reading it is part of what
 * this library does, and owning it lets us state exactly what is accepted (ustar prefix, GNU long names,
 * pax {@code path}/{@code size}, base-256 sizes, verified checksums), how large a member or a metadata
 * record may be before it is refused, and that nothing bigger than one member is ever held in memory.
 * commons-compress would also have pulled in a dependency for a few hundred lines of code.
 *
 * <p>Samples follow webdataset's rules: a member's key is its name up to the first dot of its basename,
 * directory part included; its extension is the rest. A sample needs one image member ({@code .webp},
 * {@code .jpg}, {@code .jpeg} or {@code .png}) and one {@code .cls} member (an ASCII integer, whitespace
 * allowed); with several image members, webdataset's {@code to_tuple(["webp", "png", "jpg", "jpeg"], "cls")}
 * preference picks one. Unlike webdataset, which only groups consecutive members, members of a key may come
 * in any order anywhere in their shard: a sample is emitted once it has an image and a label and a member of
 * another key follows (or the shard ends), so only incomplete samples are held (bounded by
 * {@link io.clipj.data.WdsOptions#maxPendingBytes()}); a member of an already emitted key is ignored with a
 * warning. Other members ({@code .json}, {@code .txt}, names without extension) are ignored. Extensions are
 * matched case-insensitively. Class names and templates are stripped line by line, as CLIP_benchmark does.
 *
 * <p>Hostile input: member names that are absolute, contain a {@code ..} component or a NUL character are
 * always rejected with an error naming the shard and member, even with {@code skipBad}; members are never
 * written anywhere, links are never followed. A corrupt sample (missing image or label, unparsable or
 * out-of-range label, member over the size limit, truncated or corrupt shard) stops the read with a
 * {@link io.clipj.data.DatasetException} naming the shard and key; with
 * {@link io.clipj.data.WdsOptions#skipBad()} it is logged, skipped and counted instead (after a truncation
 * or a bad header the rest of that shard is unreadable and reading moves on to the next shard).
 *
 * <p>{@link io.clipj.data.PrefetchPipeline} decodes and preprocesses on a worker thread into a bounded
 * queue of {@link io.clipj.data.Batch}es while the calling thread runs the model.
 */
package io.clipj.data;

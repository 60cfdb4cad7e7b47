package io.clipj.spark;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * The Parquet files of a shard: {@code metadata} (one row per embedding row), {@code failed} and
 * {@code filtered}. Written with parquet-hadoop (the version Spark ships), Snappy-compressed, readable by
 * Spark, pandas and DuckDB. Stateless.
 */
final class ParquetTables {

    /** One embedded sample: {@code clip_score} and {@code caption} are null without a caption, {@code label} without a {@code .cls}. */
    record Metadata(String key, String caption, Integer label, Float clipScore) {
    }

    /** A sample that was not embedded, and why. */
    record Failed(String key, String error) {
    }

    static final MessageType METADATA = MessageTypeParser.parseMessageType("message metadata {"
            + " required binary key (STRING); optional binary caption (STRING);"
            + " optional int32 label; optional float clip_score; }");
    static final MessageType FAILED = MessageTypeParser.parseMessageType("message failed {"
            + " required binary key (STRING); required binary error (STRING); }");
    static final MessageType FILTERED = MessageTypeParser.parseMessageType("message filtered {"
            + " required binary key (STRING); optional binary caption (STRING); required float clip_score; }");

    private ParquetTables() {
    }

    static void writeMetadata(Path file, Configuration conf, List<Metadata> rows) throws IOException {
        SimpleGroupFactory groups = new SimpleGroupFactory(METADATA);
        try (ParquetWriter<Group> writer = open(file, conf, METADATA)) {
            for (Metadata row : rows) {
                Group g = groups.newGroup().append("key", row.key());
                if (row.caption() != null) {
                    g.append("caption", row.caption());
                }
                if (row.label() != null) {
                    g.append("label", row.label());
                }
                if (row.clipScore() != null) {
                    g.append("clip_score", row.clipScore());
                }
                writer.write(g);
            }
        }
    }

    /** The rows of {@code rows} with a score of at least {@code minScore}. */
    static void writeFiltered(Path file, Configuration conf, List<Metadata> rows, double minScore) throws IOException {
        SimpleGroupFactory groups = new SimpleGroupFactory(FILTERED);
        try (ParquetWriter<Group> writer = open(file, conf, FILTERED)) {
            for (Metadata row : rows) {
                if (row.clipScore() != null && row.clipScore() >= minScore) {
                    Group g = groups.newGroup().append("key", row.key());
                    if (row.caption() != null) {
                        g.append("caption", row.caption());
                    }
                    writer.write(g.append("clip_score", row.clipScore()));
                }
            }
        }
    }

    static void writeFailed(Path file, Configuration conf, List<Failed> rows) throws IOException {
        SimpleGroupFactory groups = new SimpleGroupFactory(FAILED);
        try (ParquetWriter<Group> writer = open(file, conf, FAILED)) {
            for (Failed row : rows) {
                writer.write(groups.newGroup().append("key", row.key()).append("error", row.error()));
            }
        }
    }

    private static ParquetWriter<Group> open(Path file, Configuration conf, MessageType schema) throws IOException {
        return ExampleParquetWriter.builder(HadoopOutputFile.fromPath(file, conf))
                .withConf(conf)
                .withType(schema)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build();
    }
}

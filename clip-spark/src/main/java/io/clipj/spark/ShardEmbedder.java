package io.clipj.spark;

import io.clipj.Clip;
import io.clipj.Embeddings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Embeds the samples of one shard in batches: decodes each image on the calling thread (a broken one becomes a
 * {@code failed} row and never fails the shard), runs the image and text towers of the shared {@link Clip}
 * on the good ones, and keeps the L2-normalised rows and their metadata in sample order.
 *
 * <p>Memory: one batch of encoded images and pixels, plus two {@code [n, D]} float matrices for the shard
 * (20 MB for a 10,000-sample shard at D = 512). Not thread-safe: one task uses one instance.
 */
final class ShardEmbedder {

    private final Clip clip;
    private final SamplePixels pixels;
    private final int batchSize;
    private final String shard;
    private final List<CaptionSample> batch = new ArrayList<>();
    final List<float[]> imageRows = new ArrayList<>();
    final List<float[]> textRows = new ArrayList<>();
    final List<ParquetTables.Metadata> metadata = new ArrayList<>();
    final List<ParquetTables.Failed> failed = new ArrayList<>();

    ShardEmbedder(ClipHolder.Model model, int batchSize, String shard) {
        this.clip = model.clip();
        this.pixels = model.pixels();
        this.batchSize = batchSize;
        this.shard = shard;
    }

    /** Reads every sample of {@code reader} and embeds it (or lists it as failed). */
    void embedAll(CaptionShardReader reader) throws IOException {
        for (CaptionSample s; (s = reader.next()) != null; ) {
            if (s.problem() != null) {
                failed.add(new ParquetTables.Failed(s.key(), shard + ": " + s.key() + ": " + s.problem()));
                continue;
            }
            batch.add(s);
            if (batch.size() == batchSize) {
                flush();
            }
        }
        flush();
    }

    int dim() {
        return clip.embeddingDim();
    }

    private void flush() throws IOException {
        List<CaptionSample> good = new ArrayList<>(batch.size());
        List<float[]> pixelRows = new ArrayList<>(batch.size());
        for (CaptionSample s : batch) {
            try {
                pixelRows.add(pixels.pixels(s.image(), shard + ":" + s.imageName()));
                good.add(s);
            } catch (IOException | RuntimeException e) {
                // a broken image fails its sample only (decoders report hostile input as exceptions)
                failed.add(new ParquetTables.Failed(s.key(), oneLine(e)));
            }
        }
        batch.clear();
        if (good.isEmpty()) {
            return;
        }
        // [b, D] each
        float[][] images = Embeddings.normalize(clip.embedPixels(pixelRows.toArray(new float[0][])));
        List<String> captions = new ArrayList<>();
        for (CaptionSample s : good) {
            if (s.caption() != null) {
                captions.add(s.caption());
            }
        }
        float[][] texts = captions.isEmpty() ? new float[0][] : Embeddings.normalize(clip.embedTexts(captions));
        int t = 0;
        for (int i = 0; i < good.size(); i++) {
            CaptionSample s = good.get(i);
            float[] text = s.caption() != null ? texts[t++] : new float[clip.embeddingDim()];
            Float score = s.caption() != null ? (float) Embeddings.dot(images[i], text) : null;
            imageRows.add(images[i]);
            textRows.add(text);
            metadata.add(new ParquetTables.Metadata(s.key(), s.caption(), s.label(), score));
        }
    }

    /** Rows as one row-major {@code [n, D]} array, as the .npy writer takes it. */
    static float[] flatten(List<float[]> rows, int dim) {
        float[] flat = new float[rows.size() * dim];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, flat, i * dim, dim);
        }
        return flat;
    }

    static String oneLine(Throwable e) {
        String msg = e.getMessage();
        if (msg == null || msg.isBlank()) {
            msg = e.getClass().getSimpleName();
        }
        return msg.replace('\n', ' ').replace('\r', ' ');
    }
}

package io.clipj.internal.model;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/**
 * HF {@code CLIPEncoder}: the stack of {@link ClipEncoderLayer}s under {@code encoder.layers.{i}}, shared
 * by both towers; the text tower passes a causal mask, the vision tower none.
 *
 * <p>Immutable after construction; used by one thread while a graph is built.
 */
final class ClipEncoder {

    private final GraphParams vs;
    private final List<ClipEncoderLayer> layers;

    /** The encoder at {@code vs} ({@code text_model.encoder} or {@code vision_model.encoder}). */
    ClipEncoder(GraphParams vs, EncoderSpec spec) {
        this.vs = vs;
        GraphParams layerList = vs.pp("layers");
        List<ClipEncoderLayer> list = new ArrayList<>(spec.layers());
        for (int i = 0; i < spec.layers(); i++) {
            list.add(new ClipEncoderLayer(layerList.pp(i), spec));
        }
        this.layers = List.copyOf(list);
    }

    /**
     * @param x          embeddings {@code [B*T, W]}
     * @param headsShape {@code [B, T, H, D]} as a long vector, for splitting rows into heads
     * @param mask       additive {@code [T, T]} mask, or null
     * @return the last hidden state {@code [B*T, W]}
     */
    SDVariable forward(SDVariable x, SDVariable headsShape, SDVariable mask) {
        SDVariable qkvShape = qkvShape(headsShape);
        for (ClipEncoderLayer layer : layers) {
            x = layer.forward(x, qkvShape, mask); // [B*T, W]
        }
        return x;
    }

    /**
     * The whole stack, but only the class token (position 0) of the last layer, which is all the vision
     * tower reads: the last layer's queries, MLP and output projection then run for one row per image
     * instead of T (about 7% of a ViT-B/32's multiply-adds). Same values as {@link #forward} at row 0.
     *
     * @param x          embeddings {@code [B*T, W]}
     * @param seqLength  T
     * @param headsShape {@code [B, T, H, D]} as a long vector
     * @return the last hidden state of the class token {@code [B, W]}
     */
    SDVariable forwardClassToken(SDVariable x, int seqLength, SDVariable headsShape) {
        int last = layers.size() - 1;
        SDVariable qkvShape = qkvShape(headsShape);
        for (ClipEncoderLayer layer : layers.subList(0, last)) {
            x = layer.forward(x, qkvShape, null); // [B*T, W]
        }
        return layers.get(last).forwardClassToken(x, seqLength, headsShape); // [B, W]
    }

    /**
     * The whole stack under {@code mask}, but only the rows {@code poolRows} names in the last layer, which
     * is all the text tower reads: its end tokens. The last layer's queries, MLP and output projection then
     * run for one row per text instead of T (about 7% of the multiply-adds). Same values as
     * {@link #forward} at those rows.
     *
     * @param x          embeddings {@code [B*T, W]}
     * @param headsShape {@code [B, T, H, D]} as a long vector
     * @param mask       additive {@code [T, T]} mask
     * @param poolRows   {@code [B]} row index {@code b·T + end(b)} of each sequence's pooled token
     * @param poolMask   additive {@code [B, 1, 1, T]} mask of those rows: row {@code end(b)} of {@code mask}
     * @return the last hidden state of the pooled rows {@code [B, W]}
     */
    SDVariable forwardPooled(SDVariable x, SDVariable headsShape, SDVariable mask, SDVariable poolRows,
            SDVariable poolMask) {
        int last = layers.size() - 1;
        SDVariable qkvShape = qkvShape(headsShape);
        for (ClipEncoderLayer layer : layers.subList(0, last)) {
            x = layer.forward(x, qkvShape, mask); // [B*T, W]
        }
        SameDiff sd = vs.sd();
        return layers.get(last).forwardRows(x, rows -> sd.gather(rows, poolRows, 0), headsShape, poolMask); // [B, W]
    }

    /** {@code [B, T, 3, H, D]} from {@code [B, T, H, D]}: how self-attention splits its stacked q/k/v rows. */
    private SDVariable qkvShape(SDVariable headsShape) {
        SameDiff sd = vs.sd();
        return sd.concat(0, sd.gather(headsShape, new int[] {0, 1}, 0), sd.constant(Nd4j.createFromArray(3L)),
                sd.gather(headsShape, new int[] {2, 3}, 0));
    }
}

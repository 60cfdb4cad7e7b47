package io.clipj.internal.model;

import io.clipj.weights.config.ClipVisionConfig;
import java.nio.FloatBuffer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.PadMode;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * HF {@code CLIPVisionEmbeddings}: patch embedding, class token, and learned positions.
 *
 * <p>The patch embedding is a convolution with stride = kernel and no bias, i.e. cutting the image into
 * non-overlapping patches and one matrix multiply against {@code patch_embedding.weight} viewed as
 * {@code [W, C·p·p]}. The cutting is done while the pixels are copied into the graph's input
 * ({@link #writePatches}), where it costs no more than the copy itself, instead of as a permute over the
 * whole batch inside the graph. The class token is prepended as a zero row (a pad) to which one table
 * {@code position_embedding + [class_embedding; 0...]} is added: one op instead of a broadcast and a concat.
 *
 * <p>Immutable after construction; used by one thread while a graph is built. {@link #writePatches} is
 * stateless and thread-safe.
 */
final class ClipVisionEmbeddings {

    private final GraphParams vs;
    private final int width;
    private final int numPatches;
    private final INDArray patchKernel; // [W, C*p*p]
    private final INDArray classAndPositions; // [N1, W]

    /** The embeddings at {@code vs} ({@code vision_model.embeddings}). */
    ClipVisionEmbeddings(GraphParams vs, ClipVisionConfig c) {
        this.vs = vs;
        this.width = c.hiddenSize();
        int ch = c.numChannels();
        int p = c.patchSize();
        int n1 = c.numPositions();
        this.numPatches = n1 - 1;
        this.patchKernel = vs.pp("patch_embedding").load("weight", width, ch, p, p)
                .reshape(width, (long) ch * p * p); // [W, C*p*p], a view: the kernel is C-ordered
        INDArray table = vs.pp("position_embedding").load("weight", n1, width); // [N1, W]
        table.getRow(0).addi(vs.load("class_embedding", width));
        this.classAndPositions = table;
    }

    /**
     * Copies one image's normalised pixels, channels first {@code [C, S, S]}, into {@code out} as its patch
     * rows {@code [N, C·p·p]}: patches in row-major grid order, each patch's values ordered (channel, row,
     * column) like the convolution kernel. The same values as reshaping to {@code [C, gy, p, gx, p]} and
     * permuting to {@code [gy, gx, C, p, p]}.
     */
    static void writePatches(float[] image, ClipVisionConfig c, FloatBuffer out) {
        int s = c.imageSize();
        int p = c.patchSize();
        int g = c.gridSize();
        for (int gy = 0; gy < g; gy++) {
            for (int gx = 0; gx < g; gx++) {
                for (int ch = 0; ch < c.numChannels(); ch++) {
                    for (int py = 0; py < p; py++) {
                        out.put(image, (ch * s + gy * p + py) * s + gx * p, p);
                    }
                }
            }
        }
    }

    /**
     * @param patches {@code [B*N, C·p·p]} patch rows from {@link #writePatches}
     * @return {@code [B*N1, W]}, N1 = N + 1 (the class token first)
     */
    SDVariable forward(SDVariable patches) {
        SameDiff sd = vs.sd();
        SDVariable kernel = vs.pp("patch_embedding").constant("weight", patchKernel);
        SDVariable embedded = sd.mmul(patches, kernel, false, true, false); // [B*N, W]
        embedded = sd.reshape(embedded, -1, numPatches, width); // [B, N, W]
        SDVariable padding = sd.constant(Nd4j.createFromArray(new int[][] {{0, 0}, {1, 0}, {0, 0}}));
        embedded = sd.nn().pad(embedded, padding, PadMode.CONSTANT, 0.0); // [B, N1, W], row 0 zero
        SDVariable positions = vs.constant("class_and_position_embedding", classAndPositions); // [N1, W]
        return sd.reshape(embedded.add(positions), -1, width); // [B*N1, W]
    }
}

package io.clipj.internal.model;

import io.clipj.weights.Checkpoint;
import io.clipj.weights.CheckpointMismatchException;
import io.clipj.weights.ClipWeights;
import io.clipj.weights.config.ClipConfig;
import io.clipj.weights.config.ClipVisionConfig;
import java.nio.FloatBuffer;
import java.util.EnumSet;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The image side of HF {@code CLIPModel.get_image_features}: {@link ClipVisionTransformer} followed by
 * {@code visual_projection} (no bias), built once as a SameDiff graph with a dynamic batch.
 *
 * <p>Thread-safe: the graph is immutable after construction and {@link #embed} only runs
 * {@code SameDiff.output}, which the project tests from several threads at once. A batch is split across
 * the cores by {@link DataParallel}.
 */
public final class ImageTower extends TowerGraph {

    private static final Logger LOG = LoggerFactory.getLogger(ImageTower.class);
    private static final String PATCHES = "patches";
    private static final String OUTPUT = "image_embeds";

    private final ClipVisionConfig config;

    private ImageTower(GraphParams vs, boolean compiled, TowerThreads threads, ClipVisionConfig config) {
        super(vs, OUTPUT, compiled, threads);
        this.config = config;
    }

    /**
     * Builds the graph, reading the {@code vision_model} and {@code visual_projection} weights.
     *
     * @throws CheckpointMismatchException listing every missing, unexpected or misshaped tensor of the tower
     */
    public static ImageTower build(ClipConfig config, Checkpoint checkpoint) throws CheckpointMismatchException {
        return build(config, checkpoint, false);
    }

    /**
     * As {@link #build(ClipConfig, Checkpoint)}; with {@code compiled}, calls run through the compiled CPU
     * executor ({@link io.clipj.internal.engine.CompiledGraph}: the linear weights are packed once and ND4J's
     * copies freed), otherwise through {@code SameDiff.output}.
     */
    public static ImageTower build(ClipConfig config, Checkpoint checkpoint, boolean compiled)
            throws CheckpointMismatchException {
        return build(config, checkpoint, compiled, TowerThreads.fromSystemProperties());
    }

    /** As {@link #build(ClipConfig, Checkpoint, boolean)}, calls spread over the cores as {@code threads} says. */
    public static ImageTower build(ClipConfig config, Checkpoint checkpoint, boolean compiled, TowerThreads threads)
            throws CheckpointMismatchException {
        ClipWeights.validate(checkpoint, config, EnumSet.of(ClipWeights.Tower.VISION));
        long start = System.nanoTime();
        ClipVisionConfig c = config.vision();
        GraphParams vs = GraphParams.root(checkpoint);
        ClipVisionTransformer visionModel = new ClipVisionTransformer(vs.pp("vision_model"), c);
        Linear visualProjection = Linear.load(vs.pp("visual_projection"), c.hiddenSize(), config.projectionDim(),
                false);
        SameDiff sd = vs.sd();
        SDVariable patches = sd.placeHolder(PATCHES, DataType.FLOAT, -1,
                (long) c.numChannels() * c.patchSize() * c.patchSize()); // [B*N, C*p*p]
        SDVariable pooled = visionModel.forward(patches); // [B, W]
        SDVariable embeds = visualProjection.forward(pooled); // [B, P]
        embeds.rename(OUTPUT);
        LOG.info("built image tower: {} layers, width {}, {} ops, in {} ms", c.numHiddenLayers(), c.hiddenSize(),
                sd.getOps().size(), (System.nanoTime() - start) / 1_000_000);
        return new ImageTower(vs, compiled, threads, c);
    }

    /** Floats per image: {@code C·S·S}, channels first. */
    public int pixelsPerImage() {
        return config.numChannels() * config.imageSize() * config.imageSize();
    }

    /**
     * Projected image features, not normalised, for a batch of preprocessed images.
     *
     * @param pixels one {@code [C, S, S]} channels-first array per image
     * @return one {@code projection_dim} vector per image
     */
    public float[][] embed(float[][] pixels) {
        int n = pixelsPerImage();
        for (int i = 0; i < pixels.length; i++) {
            if (pixels[i].length != n) {
                throw new IllegalArgumentException("image " + i + " has " + pixels[i].length
                        + " pixel values, expected " + n + " (" + config.numChannels() + "x" + config.imageSize()
                        + "x" + config.imageSize() + ", channels first)");
            }
        }
        if (pixels.length == 0) {
            return new float[0][];
        }
        return map(pixels.length, (from, to) -> embedChunk(pixels, from, to));
    }

    /** Images {@code [from, to)} through the graph. */
    private float[][] embedChunk(float[][] pixels, int from, int to) {
        long patchesPerImage = (long) config.gridSize() * config.gridSize();
        long patchSize = (long) config.numChannels() * config.patchSize() * config.patchSize();
        INDArray batch = Nd4j.createUninitialized(DataType.FLOAT, (to - from) * patchesPerImage, patchSize);
        FloatBuffer buffer = batch.data().asNioFloat();
        for (int i = from; i < to; i++) {
            ClipVisionEmbeddings.writePatches(pixels[i], config, buffer); // [N, C*p*p] rows of image i
        }
        Map<String, INDArray> feed = Map.of(PATCHES, batch);
        return run(feed, to - from == pixels.length);
    }
}

package io.clipj.internal.model;

import io.clipj.weights.Checkpoint;
import io.clipj.weights.CheckpointMismatchException;
import io.clipj.weights.ClipWeights;
import io.clipj.weights.config.ClipConfig;
import io.clipj.weights.config.ClipVisionConfig;
import java.nio.FloatBuffer;
import java.util.EnumSet;
import java.util.Map;
import org.nd4j.autodiff.listeners.Listener;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import io.clipj.internal.engine.CompiledGraph;
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
public final class ImageTower {

    private static final Logger LOG = LoggerFactory.getLogger(ImageTower.class);
    private static final String PATCHES = "patches";
    private static final String OUTPUT = "image_embeds";

    private final SameDiff sd;
    private final CompiledGraph engine; // null: run through SameDiff.output
    private volatile Map<String, Long> stepTimes; // null: not profiling
    private final ClipVisionConfig config;
    private final Map<String, long[]> tensorsRead;
    private final TowerThreads threads;

    private ImageTower(SameDiff sd, boolean compiled, ClipVisionConfig config, Map<String, long[]> tensorsRead,
            TowerThreads threads) {
        this.sd = sd;
        this.engine = compiled ? CompiledGraph.prepare(sd, OUTPUT) : null;
        this.config = config;
        this.tensorsRead = tensorsRead;
        this.threads = threads;
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
     * executor ({@link CompiledGraph}: the linear weights are packed once and ND4J's copies freed), otherwise
     * through {@code SameDiff.output}.
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
        return new ImageTower(sd, compiled, c, vs.tensorsRead(), threads);
    }

    /** The checkpoint keys the build read, with their shapes (for the test that they are ClipWeights' keys). */
    Map<String, long[]> tensorsRead() {
        return tensorsRead;
    }

    /** How many threads SameDiff keeps inference state for in this graph: each one that has run it (for tests). */
    int threadStates() {
        return sd.getSessions().size(); // ND4J's API name for its per-thread inference state
    }

    /**
     * Replaces the graph's SameDiff listeners, e.g. with a per-op timer for profiling ({@code bench --profile});
     * none by default. Not thread-safe: call it while no other thread is running the tower.
     */
    public void setListeners(Listener... listeners) {
        sd.setListeners(listeners);
    }

    /**
     * Profiling of the compiled executor ({@code bench --profile}): each kernel's nanoseconds are added to
     * {@code times} (a concurrent map) under its kind; null stops it.
     */
    public void setStepTimes(Map<String, Long> times) {
        stepTimes = times;
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
        return DataParallel.of(threads).map(pixels.length, (from, to) -> embedChunk(pixels, from, to));
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
        if (engine == null) {
            return sd.output(feed, OUTPUT).get(OUTPUT).toFloatMatrix();
        }
        Map<String, Long> times = stepTimes;
        java.util.function.Supplier<float[][]> run = () ->
                (times == null ? engine.run(feed) : engine.run(feed, times)).toFloatMatrix();
        return to - from == pixels.length ? NativeThreads.withAllCores(threads.ompThreads(), run) : run.get();
    }
}

package io.clipj.internal.model;

import io.clipj.weights.Checkpoint;
import io.clipj.weights.CheckpointMismatchException;
import io.clipj.weights.ClipWeights;
import io.clipj.weights.config.ClipConfig;
import io.clipj.weights.config.ClipTextConfig;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The text side of HF {@code CLIPModel.get_text_features}: {@link ClipTextTransformer} followed by
 * {@code text_projection} (no bias), built once as a SameDiff graph whose batch and sequence length are
 * both dynamic.
 *
 * <p>Each batch runs only up to the last end token among its sequences. The tower is causal and pools at
 * the end token, so later positions cannot change the result: this equals running all
 * {@code max_position_embeddings} positions, at a fraction of the cost for short prompts.
 *
 * <p>Thread-safe: the graph is immutable after construction, {@link #embed} only runs
 * {@code SameDiff.output}, and the cache of causal masks is a concurrent map of read-only arrays. A batch is
 * split across the cores by {@link DataParallel}.
 */
public final class TextTower extends TowerGraph {

    private static final Logger LOG = LoggerFactory.getLogger(TextTower.class);
    private static final String INPUT_IDS = "input_ids";
    private static final String POSITION_IDS = "position_ids";
    private static final String CAUSAL_MASK = "causal_mask";
    private static final String POOL_ROWS = "pool_rows";
    private static final String END_POSITIONS = "end_positions";
    private static final String OUTPUT = "text_embeds";

    private final ClipTextConfig config;
    private final Map<Integer, INDArray> masks = new ConcurrentHashMap<>();

    private TextTower(GraphParams vs, boolean compiled, TowerThreads threads, ClipTextConfig config) {
        super(vs, OUTPUT, compiled, threads);
        this.config = config;
    }

    /**
     * Builds the graph, reading the {@code text_model} and {@code text_projection} weights.
     *
     * @throws CheckpointMismatchException listing every missing, unexpected or misshaped tensor of the tower
     */
    public static TextTower build(ClipConfig config, Checkpoint checkpoint) throws CheckpointMismatchException {
        return build(config, checkpoint, false);
    }

    /**
     * As {@link #build(ClipConfig, Checkpoint)}; with {@code compiled}, calls run through the compiled CPU
     * executor ({@link io.clipj.internal.engine.CompiledGraph}: the linear weights are packed once and ND4J's
     * copies freed), otherwise through {@code SameDiff.output}.
     */
    public static TextTower build(ClipConfig config, Checkpoint checkpoint, boolean compiled)
            throws CheckpointMismatchException {
        return build(config, checkpoint, compiled, TowerThreads.fromSystemProperties());
    }

    /** As {@link #build(ClipConfig, Checkpoint, boolean)}, calls spread over the cores as {@code threads} says. */
    public static TextTower build(ClipConfig config, Checkpoint checkpoint, boolean compiled, TowerThreads threads)
            throws CheckpointMismatchException {
        ClipWeights.validate(checkpoint, config, EnumSet.of(ClipWeights.Tower.TEXT));
        long start = System.nanoTime();
        ClipTextConfig c = config.text();
        GraphParams vs = GraphParams.root(checkpoint);
        ClipTextTransformer textModel = new ClipTextTransformer(vs.pp("text_model"), c);
        Linear textProjection = Linear.load(vs.pp("text_projection"), c.hiddenSize(), config.projectionDim(), false);
        SameDiff sd = vs.sd();
        SDVariable inputIds = sd.placeHolder(INPUT_IDS, DataType.INT32, -1, -1); // [B, T]
        SDVariable positionIds = sd.placeHolder(POSITION_IDS, DataType.INT32, -1); // [B*T]
        SDVariable causalMask = sd.placeHolder(CAUSAL_MASK, DataType.FLOAT, -1, -1); // [T, T]
        SDVariable poolRows = sd.placeHolder(POOL_ROWS, DataType.INT32, -1); // [B]
        SDVariable endPositions = sd.placeHolder(END_POSITIONS, DataType.INT32, -1); // [B]
        SDVariable pooled = textModel.forward(inputIds, positionIds, causalMask, poolRows, endPositions); // [B, W]
        SDVariable embeds = textProjection.forward(pooled); // [B, P]
        embeds.rename(OUTPUT);
        LOG.info("built text tower: {} layers, width {}, {} ops, in {} ms", c.numHiddenLayers(), c.hiddenSize(),
                sd.getOps().size(), (System.nanoTime() - start) / 1_000_000);
        return new TextTower(vs, compiled, threads, c);
    }

    /**
     * Projected text features, not normalised, for a batch of token id sequences (start and end tokens
     * included, unpadded or padded with anything after the end token).
     *
     * @throws IllegalArgumentException naming the sequence, if a sequence is empty, holds an id outside the
     *                                  vocabulary, or ends beyond {@code max_position_embeddings}
     */
    public float[][] embed(int[][] inputIds) {
        return embed(inputIds, 1);
    }

    /**
     * As {@link #embed(int[][])}, but running at least {@code minLength} positions (up to
     * {@code max_position_embeddings}); {@code embed(ids, 77)} is what OpenAI's code computes, and gives the
     * same result as the default, shortest run.
     */
    public float[][] embed(int[][] inputIds, int minLength) {
        if (minLength < 1 || minLength > config.maxPositionEmbeddings()) {
            throw new IllegalArgumentException("minimum length " + minLength + " is outside [1, "
                    + config.maxPositionEmbeddings() + "]");
        }
        int batch = inputIds.length;
        if (batch == 0) {
            return new float[0][];
        }
        int[] ends = new int[batch];
        for (int b = 0; b < batch; b++) {
            ends[b] = endPosition(inputIds[b], b);
        }
        return map(batch, (from, to) -> embedChunk(inputIds, ends, minLength, from, to));
    }

    /** Sequences {@code [from, to)} through the graph, run to the chunk's longest end token. */
    private float[][] embedChunk(int[][] inputIds, int[] ends, int minLength, int from, int to) {
        int batch = to - from;
        int length = minLength;
        for (int b = from; b < to; b++) {
            length = Math.max(length, ends[b] + 1);
        }
        int[] ids = new int[batch * length];
        int[] positions = new int[batch * length];
        int[] poolRows = new int[batch];
        int[] endPositions = new int[batch];
        for (int b = 0; b < batch; b++) {
            int[] seq = inputIds[from + b];
            int end = ends[from + b];
            for (int t = 0; t < length; t++) {
                // Positions after a sequence's end token never reach its pooled row (causal mask), so any
                // valid id will do there.
                ids[b * length + t] = t < seq.length && t <= end ? seq[t] : 0;
                positions[b * length + t] = t;
            }
            poolRows[b] = b * length + end;
            endPositions[b] = end;
        }
        Map<String, INDArray> feed = Map.of(
                INPUT_IDS, Nd4j.createFromArray(ids).reshape(batch, length),
                POSITION_IDS, Nd4j.createFromArray(positions),
                CAUSAL_MASK, masks.computeIfAbsent(length, TextTower::causalMask),
                POOL_ROWS, Nd4j.createFromArray(poolRows),
                END_POSITIONS, Nd4j.createFromArray(endPositions));
        return run(feed, to - from == inputIds.length);
    }

    /**
     * Where HF pools: with the legacy {@code eos_token_id == 2} at {@code argmax(input_ids)} (the first
     * largest id, which is the end token 49407 of OpenAI's vocabulary), otherwise at the first position
     * equal to {@code eos_token_id} (position 0 when there is none, as HF's argmax over a zero vector).
     */
    private int endPosition(int[] seq, int index) {
        if (seq.length == 0) {
            throw new IllegalArgumentException("token sequence " + index + " is empty");
        }
        int end = 0;
        boolean legacy = config.eosTokenId() == 2;
        boolean found = false;
        for (int t = 0; t < seq.length; t++) {
            int id = seq[t];
            if (id < 0 || id >= config.vocabSize()) {
                throw new IllegalArgumentException("token sequence " + index + " has id " + id + " at position "
                        + t + ", outside the vocabulary [0, " + config.vocabSize() + ")");
            }
            if (legacy ? id > seq[end] : !found && id == config.eosTokenId()) {
                end = t;
                found = true;
            }
        }
        if (end >= config.maxPositionEmbeddings()) {
            throw new IllegalArgumentException("token sequence " + index + " has its end token at position " + end
                    + ", beyond the context length " + config.maxPositionEmbeddings());
        }
        return end;
    }

    /** Additive {@code [T, T]} mask: 0 on and below the diagonal, -inf above (a token sees no later one). */
    private static INDArray causalMask(int length) {
        float[][] mask = new float[length][length];
        for (int i = 0; i < length; i++) {
            for (int j = i + 1; j < length; j++) {
                mask[i][j] = Float.NEGATIVE_INFINITY;
            }
        }
        return Nd4j.createFromArray(mask);
    }
}

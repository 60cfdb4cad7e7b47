package io.clipj.internal.model;

import io.clipj.weights.config.ClipVisionConfig;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/**
 * HF {@code CLIPVisionTransformer}: embeddings, {@code pre_layrnorm} (the checkpoint key is misspelled
 * that way), the shared {@link ClipEncoder}, and {@code post_layernorm} applied to the class token only,
 * HF's {@code pooler_output}.
 *
 * <p>Immutable after construction; used by one thread while a graph is built.
 */
final class ClipVisionTransformer {

    private final GraphParams vs;
    private final EncoderSpec spec;
    private final int numPositions;
    private final ClipVisionEmbeddings embeddings;
    private final LayerNorm preLayrnorm;
    private final ClipEncoder encoder;
    private final LayerNorm postLayernorm;

    /** The vision tower at {@code vs} ({@code vision_model}). */
    ClipVisionTransformer(GraphParams vs, ClipVisionConfig c) {
        this.vs = vs;
        this.spec = EncoderSpec.of(c);
        this.numPositions = c.numPositions();
        this.embeddings = new ClipVisionEmbeddings(vs.pp("embeddings"), c);
        this.preLayrnorm = LayerNorm.load(vs.pp("pre_layrnorm"), c.hiddenSize(), c.layerNormEps());
        this.encoder = new ClipEncoder(vs.pp("encoder"), spec);
        this.postLayernorm = LayerNorm.load(vs.pp("post_layernorm"), c.hiddenSize(), c.layerNormEps());
    }

    /**
     * @param patches {@code [B*N, C·p·p]} patch rows ({@link ClipVisionEmbeddings#writePatches})
     * @return the pooled output {@code [B, W]}
     */
    SDVariable forward(SDVariable patches) {
        SameDiff sd = vs.sd();
        SDVariable x = embeddings.forward(patches); // [B*N1, W]
        x = preLayrnorm.forward(x); // [B*N1, W]
        SDVariable headsShape = sd.constant(Nd4j.createFromArray(-1L, numPositions, spec.heads(), spec.headDim()));
        SDVariable cls = encoder.forwardClassToken(x, numPositions, headsShape); // [B, W]
        return postLayernorm.forward(cls); // [B, W]
    }
}

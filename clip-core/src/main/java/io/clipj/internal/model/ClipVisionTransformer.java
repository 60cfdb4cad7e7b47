package io.clipj.internal.model;

import io.clipj.weights.WeightScope;
import io.clipj.weights.config.ClipVisionConfig;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/**
 * HF {@code CLIPVisionTransformer}: embeddings, {@code pre_layrnorm} (the checkpoint key is misspelled
 * that way), the shared {@link ClipEncoder}, and {@code post_layernorm} applied to the class token only.
 *
 * <p>Stateless and thread-safe.
 */
final class ClipVisionTransformer {

    private ClipVisionTransformer() {
    }

    /**
     * @param patches {@code [B*N, C·p·p]} patch rows ({@link ClipVisionEmbeddings#writePatches})
     * @param scope   the {@code vision_model} scope
     * @return the pooled output {@code [B, W]}
     */
    static SDVariable forward(GraphParams params, SDVariable patches, WeightScope scope, ClipVisionConfig c) {
        SameDiff sd = params.sd();
        EncoderSpec spec = EncoderSpec.of(c);
        int w = c.hiddenSize();
        int n1 = c.numPositions();
        SDVariable x = ClipVisionEmbeddings.forward(params, patches, scope.pp("embeddings"), c); // [B*N1, W]
        x = GraphOps.layerNorm(params, x, scope.pp("pre_layrnorm"), w, c.layerNormEps());
        SDVariable headsShape = sd.constant(Nd4j.createFromArray(-1L, n1, spec.heads(), spec.headDim()));
        SDVariable cls = ClipEncoder.forwardToFirstToken(params, x, scope.pp("encoder"), spec, n1, headsShape); // [B, W]
        return GraphOps.layerNorm(params, cls, scope.pp("post_layernorm"), w, c.layerNormEps()); // [B, W]
    }
}

package io.clipj.weights.config;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A HuggingFace {@code CLIPModel} configuration: both towers, the shared projection width and the
 * initial logit scale.
 *
 * <p>Immutable and thread-safe. Read one with {@link ClipConfigReader#read(Path)}.
 *
 * @param text                 the text tower
 * @param vision               the vision tower
 * @param projectionDim        width of the joint embedding space
 * @param logitScaleInitValue  {@code logit_scale_init_value} (the trained value is in the weights)
 */
public record ClipConfig(ClipTextConfig text, ClipVisionConfig vision, int projectionDim, double logitScaleInitValue) {

    public ClipConfig {
        if (text.projectionDim() != projectionDim || vision.projectionDim() != projectionDim) {
            throw new IllegalArgumentException("projection_dim " + projectionDim + " disagrees with text_config ("
                    + text.projectionDim() + ") or vision_config (" + vision.projectionDim() + ")");
        }
    }

    /** Reads {@code config.json} of a model directory, or the file itself. */
    public static ClipConfig load(Path configJsonOrModelDir) throws IOException {
        return ClipConfigReader.read(configJsonOrModelDir);
    }
}

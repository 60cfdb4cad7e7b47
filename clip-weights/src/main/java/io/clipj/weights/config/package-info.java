/**
 * Typed, immutable views of a HuggingFace CLIP model directory's JSON configuration: {@code config.json}
 * ({@link io.clipj.weights.config.ClipConfig}) and {@code preprocessor_config.json}. Absent keys take
 * HuggingFace's defaults; every validation error names the offending key.
 */
package io.clipj.weights.config;

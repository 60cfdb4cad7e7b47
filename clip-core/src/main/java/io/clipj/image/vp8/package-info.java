/**
 * A VP8 key-frame decoder (lossy WebP) that reproduces libwebp's output exactly: TwelveMonkeys' VP8 decoder
 * predicts from loop-filtered pixels and mis-handles TrueMotion borders, which shifts colours by several levels.
 * Only {@link io.clipj.image.vp8.Vp8Decoder} is used from outside; it returns the Y, U, V planes, which
 * {@code io.clipj.image} upsamples and converts to RGB as libwebp does.
 */
package io.clipj.image.vp8;

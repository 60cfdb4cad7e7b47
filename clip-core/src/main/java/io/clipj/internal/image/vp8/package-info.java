/**
 * WebP codecs that reproduce libwebp's output exactly. {@link io.clipj.internal.image.vp8.Vp8Decoder} decodes lossy
 * (VP8 key frame) data to Y, U, V planes — TwelveMonkeys' VP8 decoder predicts from loop-filtered pixels and
 * mis-handles TrueMotion borders, shifting colours by up to 30 levels; {@code io.clipj.image} then upsamples and
 * converts them as libwebp does. {@link io.clipj.internal.image.vp8.Vp8lDecoder} decodes lossless (VP8L) data to ARGB,
 * with the same pixels as TwelveMonkeys but about three times faster.
 */
package io.clipj.internal.image.vp8;

/**
 * Image decoding and preprocessing identical to HuggingFace's {@code CLIPImageProcessor} running on PIL 9.4.
 * {@link io.clipj.image.ImageDecoder} turns PNG, JPEG, WebP, BMP, GIF, TIFF, PPM/PGM, TGA and ICO into 8-bit RGB with PIL's
 * {@code convert("RGB")} rules (no ICC profile, no EXIF rotation, alpha dropped), WebP through our own
 * libwebp-exact decoders in {@code io.clipj.internal.image.vp8};
 * {@link io.clipj.internal.image.PilResampler} is Pillow's fixed-point resampler; {@link io.clipj.image.ClipImageProcessor}
 * chains resize, centre crop, rescale and normalisation into float32 {@code [3, H, W]}.
 * See {@code docs/preprocessing.md} for what is exact and the measured causes of the remaining JPEG and
 * lossy-WebP differences.
 */
package io.clipj.image;

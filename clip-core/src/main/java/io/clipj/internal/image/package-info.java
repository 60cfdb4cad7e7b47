/**
 * Internals of {@link io.clipj.image}: format sniffing, PIL's conversions, centre crop, Pillow's resampler and
 * the WebP container. Not public API: names and signatures change without notice.
 */
package io.clipj.internal.image;

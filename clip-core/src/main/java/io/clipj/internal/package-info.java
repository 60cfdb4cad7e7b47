/**
 * clipj's internals: not API, may change in any release. {@link io.clipj.internal.QuietStart} holds the library's
 * defaults for its native dependencies; {@link io.clipj.internal.L2} is the one L2 normalisation, shared by the API
 * and {@code io.clipj.zeroshot}, so that {@code io.clipj.zeroshot} does not depend on {@code io.clipj} (which uses it).
 */
package io.clipj.internal;

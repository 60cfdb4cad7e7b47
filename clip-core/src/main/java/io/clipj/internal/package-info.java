/**
 * clipj's internals: not API, may change in any release. {@link io.clipj.internal.QuietStart} holds the library's
 * defaults for its native dependencies.
 */
package io.clipj.internal;

/**
 * Jazzer fuzz tests of the tokenizer: {@code @FuzzTest}s run their regression inputs in every build and fuzz
 * with {@code JAZZER_FUZZ=1} (see {@code docs/security.md}).
 */
package io.clipj.tokenizer.fuzz;

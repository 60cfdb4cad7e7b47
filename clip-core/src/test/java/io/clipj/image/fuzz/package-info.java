/** Jazzer fuzz target of image decoding and preprocessing (regression inputs in every build; fuzz with JAZZER_FUZZ=1). */
package io.clipj.image.fuzz;

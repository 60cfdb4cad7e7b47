/** Jazzer fuzz target of the safetensors reader (regression inputs in every build; fuzz with JAZZER_FUZZ=1). */
package io.clipj.weights.internal.safetensors.fuzz;

/** Jazzer fuzz targets of the torch zip + pickle reader (regression inputs in every build; fuzz with JAZZER_FUZZ=1). */
package io.clipj.weights.internal.torch.fuzz;

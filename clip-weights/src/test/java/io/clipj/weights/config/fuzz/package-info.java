/** Jazzer fuzz targets of the config readers (regression inputs in every build; fuzz with JAZZER_FUZZ=1). */
package io.clipj.weights.config.fuzz;

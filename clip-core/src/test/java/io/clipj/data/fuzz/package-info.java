/** Jazzer fuzz targets of the WebDataset tar reader (regression inputs in every build; fuzz with JAZZER_FUZZ=1). */
package io.clipj.data.fuzz;

/**
 * Figures for the command line, drawn with Java2D in matplotlib's default look: the similarity heatmap
 * ({@link io.clipj.bench.plot.HeatmapPlot}, the main job's figure) and the embedding-space scatter
 * ({@link io.clipj.bench.plot.ScatterPlot}). Rendering is headless; callers write the returned images.
 */
package io.clipj.bench.plot;

package io.clipj.bench.projection;

import java.util.Locale;

/**
 * The 2-D projections of an embedding map and the policy that picks one when the user does not: PCA below
 * {@link #TSNE_FROM} points, t-SNE from there on. With few points t-SNE's perplexity has to shrink to
 * {@code (N - 1) / 3}, and it then tears the map into tight, far-apart clumps whose distances mean nothing;
 * PCA keeps distances comparable, which is what a small map is read for. With many points t-SNE's local
 * neighbourhoods show structure PCA's two directions flatten.
 *
 * <p>Immutable and thread-safe.
 */
public enum ProjectionMethod {

    /** Top two principal components ({@link Pca}). */
    PCA("PCA"),
    /** Exact t-SNE ({@link Tsne}). */
    TSNE("t-SNE");

    /** The smallest number of points for which {@link #forPoints} picks t-SNE. */
    public static final int TSNE_FROM = 50;

    /**
     * The most points a map holds, whatever the method: exact t-SNE keeps four {@code N × N} double matrices
     * (about 290 MB at this size) and does O(N²) work per iteration, and more points than this do not read as
     * a picture anyway. Callers refuse larger maps before any embedding is computed.
     */
    public static final int MAX_POINTS = 3000;

    private final String label;

    ProjectionMethod(String label) {
        this.label = label;
    }

    /** The method used for a map of {@code points} points when none is asked for. */
    public static ProjectionMethod forPoints(int points) {
        return points < TSNE_FROM ? PCA : TSNE;
    }

    /** The name in titles and axis labels: {@code PCA} or {@code t-SNE}. */
    public String label() {
        return label;
    }

    /** The map {@code [N, 2]} of {@code rows} {@code [N, D]}, deterministic for a given {@code seed}. */
    public double[][] project(float[][] rows, long seed) {
        return this == PCA ? Pca.project(rows, 2, seed) : Tsne.project(rows, seed);
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}

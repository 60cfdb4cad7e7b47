/**
 * Projections of embeddings to two dimensions for the {@code embedding-map} command: {@link
 * io.clipj.bench.projection.Pca} (top principal components) and {@link io.clipj.bench.projection.Tsne}
 * (exact t-SNE), chosen by {@link io.clipj.bench.projection.ProjectionMethod} (PCA for small maps), and
 * {@link io.clipj.bench.projection.ModalityGap}, which centres each modality so images and texts share one
 * centre. All are deterministic for a given seed.
 *
 * <p>Why t-SNE is implemented here: no maintained, permissively licensed (Apache-2.0-compatible) t-SNE
 * library for the JVM was found on Maven Central. Smile has one, but Smile 2.0 and later are GPL-3.0, which
 * this Apache-2.0 project cannot ship. The maps have at most a few hundred points, for which exact t-SNE
 * (O(N²) per iteration) is fast, so a small, documented implementation of van der Maaten and Hinton's
 * algorithm with scikit-learn's defaults is the least bad option.
 */
package io.clipj.bench.projection;

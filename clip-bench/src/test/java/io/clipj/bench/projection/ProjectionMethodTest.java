package io.clipj.bench.projection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The default projection: PCA below {@link ProjectionMethod#TSNE_FROM} points, t-SNE from there. */
class ProjectionMethodTest {

    @Test
    void pcaBelowTheThresholdTsneFromIt() {
        assertThat(ProjectionMethod.TSNE_FROM).isEqualTo(50);
        assertThat(ProjectionMethod.forPoints(2)).isEqualTo(ProjectionMethod.PCA);
        assertThat(ProjectionMethod.forPoints(20)).isEqualTo(ProjectionMethod.PCA);
        assertThat(ProjectionMethod.forPoints(49)).isEqualTo(ProjectionMethod.PCA);
        assertThat(ProjectionMethod.forPoints(50)).isEqualTo(ProjectionMethod.TSNE);
        assertThat(ProjectionMethod.forPoints(ProjectionMethod.MAX_POINTS)).isEqualTo(ProjectionMethod.TSNE);
    }

    @Test
    void labelsAndProjectionsMatchTheMethod() {
        float[][] rows = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 0}, {0, 1, 1}, {1, 0, 1}, {1, 1, 1}};
        assertThat(ProjectionMethod.PCA.label()).isEqualTo("PCA");
        assertThat(ProjectionMethod.TSNE.label()).isEqualTo("t-SNE");
        assertThat(ProjectionMethod.PCA.project(rows, 0)).isDeepEqualTo(Pca.project(rows, 2, 0));
        assertThat(ProjectionMethod.TSNE.project(rows, 0)).isDeepEqualTo(Tsne.project(rows, 0));
    }
}

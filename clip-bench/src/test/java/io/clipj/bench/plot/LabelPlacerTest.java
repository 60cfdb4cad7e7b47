package io.clipj.bench.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link LabelPlacer}: placed labels never overlap each other or any marker and stay inside the plot, whatever the
 * crowding; a label too long for its spot is abbreviated, then keyed, then left out.
 */
class LabelPlacerTest {

    private static final double CHAR = 7;
    private static final double LINE = 14;

    private static LabelPlacer placer(Rectangle2D area, List<Rectangle2D> markers) {
        return new LabelPlacer(area, markers, s -> s.length() * CHAR, LINE);
    }

    private static Rectangle2D marker(double x, double y) {
        return new Rectangle2D.Double(x - 6, y - 6, 12, 12);
    }

    @Test
    void crowdedLabelsNeverOverlapAndStayInside() {
        Random random = new Random(7);
        Rectangle2D area = new Rectangle2D.Double(0, 0, 500, 360);
        List<Rectangle2D> markers = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            // half of them in one dense clump, as an embedding map's image cluster
            double x = i % 2 == 0 ? 20 + random.nextDouble() * 460 : 200 + random.nextGaussian() * 25;
            double y = i % 2 == 0 ? 20 + random.nextDouble() * 320 : 180 + random.nextGaussian() * 25;
            markers.add(marker(Math.max(8, Math.min(492, x)), Math.max(8, Math.min(352, y))));
        }
        LabelPlacer placer = placer(area, markers);
        List<LabelPlacer.Placed> placed = new ArrayList<>();
        List<Rectangle2D> owners = new ArrayList<>();
        int key = 1;
        for (int i = 0; i < markers.size(); i++) {
            String text = i % 3 == 0 ? "a rather long label number " + i : "label " + i;
            LabelPlacer.Placed p = placer.place(markers.get(i), text, Integer.toString(key));
            if (p != null) {
                placed.add(p);
                owners.add(markers.get(i));
                key += p.form() == LabelPlacer.Form.KEY ? 1 : 0;
            }
        }
        for (int i = 0; i < placed.size(); i++) {
            Rectangle2D box = placed.get(i).box();
            assertThat(area.contains(box)).as("label %d inside", i).isTrue();
            for (Rectangle2D m : markers) {
                assertThat(box.intersects(m)).as("label %d over a marker", i).isFalse();
            }
            for (int j = i + 1; j < placed.size(); j++) {
                assertThat(box.intersects(placed.get(j).box())).as("labels %d and %d", i, j).isFalse();
            }
            if (!placed.get(i).far()) { // no leader line: its own marker must be clearly the nearest one
                Rectangle2D own = owners.get(i);
                double mine = distance(box, own);
                for (Rectangle2D m : markers) {
                    if (m != own) {
                        assertThat(distance(box, m)).as("label %d near another marker", i)
                                .isGreaterThanOrEqualTo(mine + LabelPlacer.CLEARANCE);
                    }
                }
            }
        }
        assertThat(placed.stream().filter(p -> p.form() != LabelPlacer.Form.FULL))
                .as("crowding shortens or keys some").isNotEmpty();
        assertThat(placed.size()).as("and leaves some out").isLessThan(150);
    }

    @Test
    void sparseLabelsFitWhole() {
        Random random = new Random(3);
        Rectangle2D area = new Rectangle2D.Double(0, 0, 760, 620); // the map's plot
        List<Rectangle2D> markers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            markers.add(marker(36 + random.nextDouble() * 688, 36 + random.nextDouble() * 548));
        }
        LabelPlacer placer = placer(area, markers);
        long full = markers.stream().map(m -> placer.place(m, "a photo of a tench", "1"))
                .filter(p -> p != null && p.form() == LabelPlacer.Form.FULL).count();
        assertThat(full).isEqualTo(20);
    }

    @Test
    void aFreeLabelGoesJustRightOfItsMarker() {
        Rectangle2D m = marker(100, 100);
        LabelPlacer.Placed p = placer(new Rectangle2D.Double(0, 0, 400, 200), List.of(m)).place(m, "cat", "1");
        assertAll(
                () -> assertThat(p.form()).isEqualTo(LabelPlacer.Form.FULL),
                () -> assertThat(p.text()).isEqualTo("cat"),
                () -> assertThat(p.far()).isFalse(),
                () -> assertThat(p.box().getMinX()).isGreaterThan(m.getMaxX()),
                () -> assertThat(p.box().getCenterY()).isEqualTo(m.getCenterY()));
    }

    @Test
    void tooLongIsAbbreviatedThenKeyedThenLeftOut() {
        String text = "a photo of a common sorrel horse";
        Rectangle2D wide = new Rectangle2D.Double(0, 0, 120, 100);
        Rectangle2D m1 = marker(60, 50);
        LabelPlacer.Placed abbreviated = placer(wide, List.of(m1)).place(m1, text, "1");
        assertThat(abbreviated.form()).isEqualTo(LabelPlacer.Form.ABBREVIATED);
        assertThat(abbreviated.text()).hasSize(LabelPlacer.ABBREVIATED_CHARS).endsWith("\u2026");

        Rectangle2D narrow = new Rectangle2D.Double(0, 0, 40, 40);
        Rectangle2D m2 = marker(15, 20);
        LabelPlacer.Placed keyed = placer(narrow, List.of(m2)).place(m2, text, "7");
        assertThat(keyed.form()).isEqualTo(LabelPlacer.Form.KEY);
        assertThat(keyed.text()).isEqualTo("7");

        assertThat(placer(narrow, List.of(m2)).place(m2, text, null)).isNull();
    }

    @Test
    void aSecondLabelForTheSameSpotMovesAside() {
        Rectangle2D m = marker(100, 100);
        LabelPlacer placer = placer(new Rectangle2D.Double(0, 0, 400, 200), List.of(m));
        LabelPlacer.Placed first = placer.place(m, "first", "1");
        LabelPlacer.Placed second = placer.place(m, "second", "2");
        assertThat(second.box().intersects(first.box())).isFalse();
        assertThat(second.box().getMaxX()).isLessThan(m.getMinX()); // the next spot: left of the marker
    }

    private static double distance(Rectangle2D box, Rectangle2D marker) {
        double dx = Math.max(0, Math.max(box.getMinX() - marker.getCenterX(), marker.getCenterX() - box.getMaxX()));
        double dy = Math.max(0, Math.max(box.getMinY() - marker.getCenterY(), marker.getCenterY() - box.getMaxY()));
        return Math.hypot(dx, dy);
    }
}

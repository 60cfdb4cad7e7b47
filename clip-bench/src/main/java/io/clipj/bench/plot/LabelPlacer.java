package io.clipj.bench.plot;

import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Greedy placement of point labels that never overlap: each label, in the order asked, goes to the first of a
 * fixed list of spots around its point (right, left, above, below, the diagonals, then the same a step further
 * out) where its box stays inside the plot and touches no marker and no label placed before it. Spots clearly
 * nearer the label's own marker than any other are tried first, so a label does not seem to name a neighbour;
 * a label placed elsewhere is marked for a leader line. A label that fits nowhere is tried again abbreviated, then as
 * its short key (a number the legend explains); if even that fits nowhere, it is left out.
 *
 * <p>Not thread-safe: it remembers what it has placed; one per figure.
 */
final class LabelPlacer {

    /** How a label ended up: its full text, abbreviated, or replaced by its key. */
    enum Form { FULL, ABBREVIATED, KEY }

    /**
     * A placed label.
     *
     * @param text what is drawn
     * @param box  where, in pixels (the text's box plus padding)
     * @param form which of the label's forms fitted
     * @param far  whether the box is away from its point or nearer another marker, so a leader line should
     *             join it to its own
     */
    record Placed(String text, Rectangle2D box, Form form, boolean far) {
    }

    /** Characters kept when a label is abbreviated (the last one becomes an ellipsis). */
    static final int ABBREVIATED_CHARS = 12;

    private static final double PAD = 2;
    // unit directions: right, left, above, below, then the four diagonals
    private static final double[][] DIRECTIONS = {
        {1, 0}, {-1, 0}, {0, -1}, {0, 1}, {1, -1}, {-1, -1}, {1, 1}, {-1, 1},
    };
    private static final double[] GAPS = {3, 16, 30};
    /** How much nearer its own marker a label must be than any other to go without a leader line, pixels. */
    static final double CLEARANCE = 10;

    private final Rectangle2D area;
    private final ToDoubleFunction<String> width;
    private final double height;
    private final List<Rectangle2D> markers;
    private final List<Rectangle2D> taken = new ArrayList<>();

    /**
     * @param area      where labels may go (the plot's inside)
     * @param obstacles markers no label may cover
     * @param width     the drawn width of a text, pixels
     * @param height    the drawn height of a line of text, pixels
     */
    LabelPlacer(Rectangle2D area, List<? extends Rectangle2D> obstacles, ToDoubleFunction<String> width,
            double height) {
        this.area = area;
        this.width = width;
        this.height = height;
        this.markers = List.copyOf(obstacles);
        taken.addAll(obstacles);
    }

    /**
     * Places {@code text} beside {@code marker} (one of the obstacles given, the same object), abbreviated or as {@code key} if need
     * be ({@code key} may be null: then the label is left out instead); null when it fits nowhere.
     */
    Placed place(Rectangle2D marker, String text, String key) {
        Placed p = tryPlace(marker, text, Form.FULL);
        if (p == null && text.length() > ABBREVIATED_CHARS) {
            p = tryPlace(marker, Canvas.shorten(text, ABBREVIATED_CHARS), Form.ABBREVIATED);
        }
        if (p == null && key != null) {
            p = tryPlace(marker, key, Form.KEY);
        }
        if (p != null) {
            taken.add(p.box());
        }
        return p;
    }

    private Placed tryPlace(Rectangle2D marker, String text, Form form) {
        Placed clear = tryPlace(marker, text, form, true);
        return clear != null ? clear : tryPlace(marker, text, form, false);
    }

    private Placed tryPlace(Rectangle2D marker, String text, Form form, boolean nearestOnly) {
        double w = width.applyAsDouble(text) + 2 * PAD;
        double h = height + 2 * PAD;
        double cx = marker.getCenterX();
        double cy = marker.getCenterY();
        double rx = marker.getWidth() / 2;
        double ry = marker.getHeight() / 2;
        for (int g = 0; g < GAPS.length; g++) {
            double gap = GAPS[g];
            for (double[] d : DIRECTIONS) {
                // the box's near edge (or corner) sits gap pixels beyond the marker in direction d
                double x = d[0] > 0 ? cx + rx + gap : d[0] < 0 ? cx - rx - gap - w : cx - w / 2;
                double y = d[1] > 0 ? cy + ry + gap : d[1] < 0 ? cy - ry - gap - h : cy - h / 2;
                Rectangle2D box = new Rectangle2D.Double(x, y, w, h);
                if (!area.contains(box) || taken.stream().anyMatch(box::intersects)) {
                    continue;
                }
                boolean nearest = nearest(box, marker);
                if (nearest || !nearestOnly) {
                    return new Placed(text, box, form, g > 0 || !nearest);
                }
            }
        }
        return null;
    }

    /**
     * Whether {@code own} is clearly the marker {@code box} names: every other marker's centre is at least
     * {@link #CLEARANCE} pixels farther from the box than {@code own}'s.
     */
    private boolean nearest(Rectangle2D box, Rectangle2D own) {
        double mine = distance(box, own);
        return markers.stream().noneMatch(m -> m != own && distance(box, m) < mine + CLEARANCE);
    }

    private static double distance(Rectangle2D box, Rectangle2D marker) {
        double dx = Math.max(0, Math.max(box.getMinX() - marker.getCenterX(), marker.getCenterX() - box.getMaxX()));
        double dy = Math.max(0, Math.max(box.getMinY() - marker.getCenterY(), marker.getCenterY() - box.getMaxY()));
        return Math.hypot(dx, dy);
    }
}

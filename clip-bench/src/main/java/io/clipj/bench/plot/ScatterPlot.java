package io.clipj.bench.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedding-space figure: image embeddings as dots and text embeddings as black-edged diamonds in one 2-D
 * map, coloured by category, with labels beside the points that never overlap ({@link LabelPlacer}), a legend
 * and a title. The data's bounds fill the plot, less a margin that keeps markers and labels inside.
 *
 * <pre>{@code
 * BufferedImage png = ScatterPlot.render("PCA of ...", "PCA", images, texts, legend);
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class ScatterPlot {

    private static final int PLOT_WIDTH = 760;
    private static final int PLOT_HEIGHT = 620;
    private static final int LEGEND_WIDTH = 340;
    private static final int MARGIN = 24;
    private static final int LEFT = MARGIN + 70;
    private static final int TOP = MARGIN + 44;
    /** Pixels between the outermost point and the plot's frame, room for its marker and a label beside it. */
    private static final int INSET = 36;

    /** Width of every rendered map, pixels (fixed, so figures line up in reports). */
    public static final int WIDTH = LEFT + PLOT_WIDTH + 24 + LEGEND_WIDTH + MARGIN;
    /** Height of every rendered map, pixels. */
    public static final int HEIGHT = TOP + PLOT_HEIGHT + 60 + MARGIN;

    private static final int MAX_LABEL_CHARS = 30;
    /** Labels tried at most (placement costs grow with the square of their number; more would not be read). */
    static final int MAX_LABELS = 300;
    private static final double DOT_RADIUS = 6;
    private static final double DIAMOND_RADIUS = 10;

    /**
     * One point of the map.
     *
     * <p>Immutable and thread-safe.
     *
     * @param x        first coordinate
     * @param y        second coordinate
     * @param category colour index ({@link Palette#category}), and its row in the legend's category list
     * @param label    text drawn beside the point, or null for none
     */
    public record Point(double x, double y, int category, String label) {
    }

    /**
     * What the legend explains.
     *
     * <p>Immutable and thread-safe.
     *
     * @param title       heading of the category list (e.g. "Class")
     * @param categories  category names by index; may be empty
     * @param imageMarker what a dot is (e.g. "image")
     * @param textMarker  what a diamond is (e.g. "class text")
     */
    public record Legend(String title, List<String> categories, String imageMarker, String textMarker) {
        public Legend {
            categories = List.copyOf(categories);
        }
    }

    private ScatterPlot() {
    }

    /**
     * Renders image dots and text diamonds. Text labels are placed before image labels, so when space runs out
     * it is image names that are abbreviated, keyed or left out first.
     *
     * @param axisName the axis label stem, e.g. {@code PCA} gives "PCA 1" and "PCA 2"
     */
    public static BufferedImage render(String title, String axisName, List<Point> images, List<Point> texts,
            Legend legend) {
        if (images.isEmpty() && texts.isEmpty()) {
            throw new IllegalArgumentException("nothing to plot");
        }
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (List<Point> list : List.of(images, texts)) {
            for (Point p : list) {
                minX = Math.min(minX, p.x());
                maxX = Math.max(maxX, p.x());
                minY = Math.min(minY, p.y());
                maxY = Math.max(maxY, p.y());
            }
        }
        Axis ax = Axis.fitted(minX, maxX, PLOT_WIDTH);
        Axis ay = Axis.fitted(minY, maxY, PLOT_HEIGHT);

        BufferedImage image = Canvas.blank(WIDTH, HEIGHT);
        Graphics2D g = Canvas.graphics(image);
        g.setColor(Color.BLACK);
        g.setFont(Canvas.TITLE);
        int titleWidth = g.getFontMetrics().stringWidth(title);
        double titleX = Math.max(MARGIN + titleWidth / 2.0,
                Math.min(LEFT + PLOT_WIDTH / 2.0, WIDTH - MARGIN - titleWidth / 2.0));
        Canvas.centred(g, title, titleX, MARGIN + 18);
        drawAxes(g, ax, ay, axisName);

        List<Rectangle2D> markers = new ArrayList<>();
        List<Rectangle2D> imageMarkers = new ArrayList<>();
        for (Point p : images) {
            Shape dot = dot(LEFT + ax.pixel(p.x()), TOP + PLOT_HEIGHT - ay.pixel(p.y()), DOT_RADIUS);
            g.setColor(Palette.category(p.category()));
            g.fill(dot);
            g.setColor(Color.WHITE);
            g.setStroke(new BasicStroke(1f));
            g.draw(dot);
            imageMarkers.add(dot.getBounds2D());
        }
        markers.addAll(imageMarkers);
        List<Rectangle2D> textMarkers = new ArrayList<>();
        for (Point p : texts) {
            Shape diamond = diamond(LEFT + ax.pixel(p.x()), TOP + PLOT_HEIGHT - ay.pixel(p.y()), DIAMOND_RADIUS);
            g.setColor(Palette.category(p.category()));
            g.fill(diamond);
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1.6f));
            g.draw(diamond);
            textMarkers.add(diamond.getBounds2D());
        }
        markers.addAll(textMarkers);

        g.setFont(Canvas.LABEL);
        FontMetrics lm = g.getFontMetrics();
        LegendPanel panel = new LegendPanel(legend, lm, PLOT_HEIGHT + 40);
        LabelPlacer placer = new LabelPlacer(new Rectangle2D.Double(LEFT + 1, TOP + 1, PLOT_WIDTH - 2,
                PLOT_HEIGHT - 2), markers, lm::stringWidth, lm.getHeight());
        List<LabelPlacer.Placed> placed = new ArrayList<>();
        List<Rectangle2D> anchors = new ArrayList<>();
        place(texts, textMarkers, placer, panel, placed, anchors);
        place(images, imageMarkers, placer, panel, placed, anchors);
        for (int i = 0; i < placed.size(); i++) {
            LabelPlacer.Placed p = placed.get(i);
            Rectangle2D box = p.box();
            if (p.far()) { // a leader line from the marker's edge to the label's nearest side
                Rectangle2D m = anchors.get(i);
                double tx = Math.max(box.getMinX(), Math.min(m.getCenterX(), box.getMaxX()));
                double ty = Math.max(box.getMinY(), Math.min(m.getCenterY(), box.getMaxY()));
                g.setColor(Color.GRAY);
                g.setStroke(new BasicStroke(0.8f));
                g.draw(new Line2D.Double(m.getCenterX(), m.getCenterY(), tx, ty));
            }
            g.setColor(p.form() == LabelPlacer.Form.KEY ? new Color(0x444444) : Color.BLACK);
            g.drawString(p.text(), (float) (box.getX() + 2), (float) (box.getY() + 2 + lm.getAscent()));
        }
        panel.draw(g, LEFT + PLOT_WIDTH + 24, TOP, LEGEND_WIDTH);
        g.dispose();
        return image;
    }

    /**
     * Places the labels of {@code points} in order; one that fits nowhere gets a legend key while there is room;
     * after {@link #MAX_LABELS} tried, the rest are left out.
     */
    private static void place(List<Point> points, List<Rectangle2D> markers, LabelPlacer placer, LegendPanel panel,
            List<LabelPlacer.Placed> placed, List<Rectangle2D> anchors) {
        for (int i = 0; i < points.size(); i++) {
            String label = points.get(i).label();
            if (label == null || label.isEmpty()) {
                continue;
            }
            if (placed.size() + panel.omittedCount() >= MAX_LABELS) {
                panel.omitted();
                continue;
            }
            String full = Canvas.shorten(label, MAX_LABEL_CHARS);
            LabelPlacer.Placed p = placer.place(markers.get(i), full, panel.nextKey());
            if (p == null) {
                panel.omitted();
                continue;
            }
            if (p.form() == LabelPlacer.Form.KEY) {
                panel.addKey(p.text(), label);
            }
            placed.add(p);
            anchors.add(markers.get(i));
        }
    }

    static Shape dot(double x, double y, double r) {
        return new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r);
    }

    static Shape diamond(double x, double y, double r) {
        Path2D.Double d = new Path2D.Double();
        d.moveTo(x, y - r);
        d.lineTo(x + r, y);
        d.lineTo(x, y + r);
        d.lineTo(x - r, y);
        d.closePath();
        return d;
    }

    private static void drawAxes(Graphics2D g, Axis ax, Axis ay, String axisName) {
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.2f));
        g.drawRect(LEFT, TOP, PLOT_WIDTH, PLOT_HEIGHT);
        g.setFont(Canvas.SMALL);
        FontMetrics m = g.getFontMetrics();
        for (double t : ax.ticks()) {
            int x = LEFT + (int) Math.round(ax.pixel(t));
            g.drawLine(x, TOP + PLOT_HEIGHT, x, TOP + PLOT_HEIGHT + 5);
            Canvas.centred(g, ax.format(t), x, TOP + PLOT_HEIGHT + 8 + m.getAscent());
        }
        for (double t : ay.ticks()) {
            int y = TOP + PLOT_HEIGHT - (int) Math.round(ay.pixel(t));
            g.drawLine(LEFT - 5, y, LEFT, y);
            String s = ay.format(t);
            g.drawString(s, LEFT - 8 - m.stringWidth(s), y + m.getAscent() / 2 - 1);
        }
        g.setFont(Canvas.LABEL);
        Canvas.centred(g, axisName + " 1", LEFT + PLOT_WIDTH / 2.0, TOP + PLOT_HEIGHT + 48);
        AffineTransform saved = g.getTransform();
        g.translate(MARGIN + 12, TOP + PLOT_HEIGHT / 2.0);
        g.rotate(-Math.PI / 2);
        Canvas.centred(g, axisName + " 2", 0, 0);
        g.setTransform(saved);
    }

    /**
     * A linear axis whose data range fills {@code pixels} less {@link #INSET} at each end, with round ticks
     * ({@link Ticks}) inside the whole span.
     */
    record Axis(double min, double max, int pixels) {

        /** The axis on which {@code [lo, hi]} spans the plot less the insets (a point-like range is widened). */
        static Axis fitted(double lo, double hi, int pixels) {
            double span = hi - lo;
            if (!(span > 1e-12 * Math.max(1, Math.abs(hi)))) {
                double half = Math.max(Math.abs(hi) * 0.1, 1e-6);
                lo -= half;
                hi += half;
                span = hi - lo;
            }
            double pad = span * INSET / (pixels - 2.0 * INSET);
            return new Axis(lo - pad, hi + pad, pixels);
        }

        /** Pixels from the axis's start to {@code v}. */
        double pixel(double v) {
            return (v - min) / (max - min) * pixels;
        }

        List<Double> ticks() {
            return Ticks.inside(min, max, Ticks.step(min, max, 5));
        }

        String format(double v) {
            return Ticks.format(v, Ticks.decimals(Ticks.step(min, max, 5)));
        }
    }
}

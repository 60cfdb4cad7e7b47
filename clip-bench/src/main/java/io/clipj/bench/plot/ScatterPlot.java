package io.clipj.bench.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The embedding-space figure: image embeddings as points coloured by class and class-text embeddings as
 * labelled diamonds of the same colour, in one 2-D map, with a legend and a title.
 *
 * <pre>{@code
 * BufferedImage png = ScatterPlot.render("t-SNE of ...", "t-SNE", points, texts, classNames);
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

    /** Width of every rendered map, pixels (fixed, so figures line up in reports). */
    public static final int WIDTH = LEFT + PLOT_WIDTH + 24 + LEGEND_WIDTH + MARGIN;
    /** Height of every rendered map, pixels. */
    public static final int HEIGHT = TOP + PLOT_HEIGHT + 60 + MARGIN;

    private static final int MAX_LEGEND_CLASSES = 22;
    private static final int MAX_LABEL_CHARS = 30;

    /**
     * One point of the map.
     *
     * <p>Immutable and thread-safe.
     *
     * @param x          first coordinate
     * @param y          second coordinate
     * @param classIndex index into the class list (colour and legend)
     */
    public record Point(double x, double y, int classIndex) {
    }

    private ScatterPlot() {
    }

    /**
     * Renders image points and class-text markers; {@code classNames.get(i)} names class index {@code i}.
     *
     * @param axisName the axis label stem, e.g. {@code t-SNE} gives "t-SNE 1" and "t-SNE 2"
     */
    public static BufferedImage render(String title, String axisName, List<Point> images, List<Point> texts,
            List<String> classNames) {
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
        // 8% padding like matplotlib's margins, and a non-zero span for degenerate maps
        double padX = Math.max((maxX - minX) * 0.08, 1e-9);
        double padY = Math.max((maxY - minY) * 0.08, 1e-9);
        Axis ax = new Axis(minX - padX, maxX + padX);
        Axis ay = new Axis(minY - padY, maxY + padY);

        int left = LEFT;
        int top = TOP;
        BufferedImage image = Canvas.blank(WIDTH, HEIGHT);
        Graphics2D g = Canvas.graphics(image);
        g.setColor(Color.BLACK);
        g.setFont(Canvas.TITLE);
        Canvas.centred(g, title, left + PLOT_WIDTH / 2.0, MARGIN + 18);
        drawAxes(g, left, top, ax, ay, axisName);

        g.setClip(left, top, PLOT_WIDTH, PLOT_HEIGHT);
        for (Point p : images) {
            double px = left + ax.fraction(p.x()) * PLOT_WIDTH;
            double py = top + (1 - ay.fraction(p.y())) * PLOT_HEIGHT;
            Shape dot = new Ellipse2D.Double(px - 6, py - 6, 12, 12);
            g.setColor(Palette.category(p.classIndex()));
            g.fill(dot);
            g.setColor(Color.WHITE);
            g.setStroke(new BasicStroke(1f));
            g.draw(dot);
        }
        g.setFont(Canvas.LABEL);
        FontMetrics lm = g.getFontMetrics();
        List<Rectangle2D> placed = new ArrayList<>();
        for (Point p : texts) {
            double px = left + ax.fraction(p.x()) * PLOT_WIDTH;
            double py = top + (1 - ay.fraction(p.y())) * PLOT_HEIGHT;
            Shape diamond = diamond(px, py, 11);
            g.setColor(Palette.category(p.classIndex()));
            g.fill(diamond);
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1.6f));
            g.draw(diamond);
            placed.add(diamond.getBounds2D());
        }
        for (Point p : texts) {
            double px = left + ax.fraction(p.x()) * PLOT_WIDTH;
            double py = top + (1 - ay.fraction(p.y())) * PLOT_HEIGHT;
            String name = Canvas.shorten(classNames.get(p.classIndex()), MAX_LABEL_CHARS);
            Rectangle2D box = labelBox(px, py, lm.stringWidth(name), lm.getHeight(), placed,
                    new Rectangle2D.Double(left, top, PLOT_WIDTH, PLOT_HEIGHT));
            placed.add(box);
            if (Math.hypot(box.getCenterX() - px, box.getCenterY() - py) > box.getWidth() / 2 + 24) {
                g.setColor(Color.GRAY); // a leader line when the label had to move away from its marker
                g.setStroke(new BasicStroke(0.8f));
                g.draw(new Line2D.Double(px, py, box.getX() < px ? box.getMaxX() : box.getX(), box.getCenterY()));
            }
            haloText(g, name, (float) box.getX() + 2, (float) (box.getY() + lm.getAscent()));
        }
        g.setClip(null);
        drawLegend(g, left + PLOT_WIDTH + 24, top, classNames);
        g.dispose();
        return image;
    }

    /**
     * Where a label of {@code w × h} goes: right of its marker, else left, above or below, else on rings of
     * growing radius, at the first spot overlapping no marker or label placed so far and inside the plot.
     */
    private static Rectangle2D labelBox(double x, double y, double w, double h, List<Rectangle2D> placed,
            Rectangle2D area) {
        double bw = w + 4;
        for (int ring = 0; ring < 40; ring++) {
            double r = 14 + ring * 12;
            int steps = ring == 0 ? 4 : 16;
            for (int k = 0; k < steps; k++) {
                double angle = ring == 0 ? k * Math.PI / 2 : 2 * Math.PI * k / steps;
                double cx = x + Math.cos(angle) * (r + bw / 2);
                double cy = y - Math.sin(angle) * (r + h / 2) * 0.8;
                Rectangle2D box = new Rectangle2D.Double(cx - bw / 2, cy - h / 2, bw, h);
                if (area.contains(box) && placed.stream().noneMatch(box::intersects)) {
                    return box;
                }
            }
        }
        return new Rectangle2D.Double(x + 14, y - h / 2, bw, h);
    }

    private static Shape diamond(double x, double y, double r) {
        Path2D.Double d = new Path2D.Double();
        d.moveTo(x, y - r);
        d.lineTo(x + r, y);
        d.lineTo(x, y + r);
        d.lineTo(x - r, y);
        d.closePath();
        return d;
    }

    /** Text with a white outline, readable over points of any colour. */
    private static void haloText(Graphics2D g, String text, float x, float y) {
        g.setColor(new Color(255, 255, 255, 220));
        for (int dx = -2; dx <= 2; dx++) {
            for (int dy = -2; dy <= 2; dy++) {
                g.drawString(text, x + dx, y + dy);
            }
        }
        g.setColor(Color.BLACK);
        g.drawString(text, x, y);
    }

    private static void drawAxes(Graphics2D g, int left, int top, Axis ax, Axis ay, String axisName) {
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.2f));
        g.drawRect(left, top, PLOT_WIDTH, PLOT_HEIGHT);
        g.setFont(Canvas.SMALL);
        FontMetrics m = g.getFontMetrics();
        for (double t : ax.ticks()) {
            int x = left + (int) Math.round(ax.fraction(t) * PLOT_WIDTH);
            g.drawLine(x, top + PLOT_HEIGHT, x, top + PLOT_HEIGHT + 5);
            Canvas.centred(g, ax.format(t), x, top + PLOT_HEIGHT + 8 + m.getAscent());
        }
        for (double t : ay.ticks()) {
            int y = top + (int) Math.round((1 - ay.fraction(t)) * PLOT_HEIGHT);
            g.drawLine(left - 5, y, left, y);
            String s = ay.format(t);
            g.drawString(s, left - 8 - m.stringWidth(s), y + m.getAscent() / 2 - 1);
        }
        g.setFont(Canvas.LABEL);
        Canvas.centred(g, axisName + " 1", left + PLOT_WIDTH / 2.0, top + PLOT_HEIGHT + 48);
        java.awt.geom.AffineTransform saved = g.getTransform();
        g.translate(MARGIN + 12, top + PLOT_HEIGHT / 2.0);
        g.rotate(-Math.PI / 2);
        Canvas.centred(g, axisName + " 2", 0, 0);
        g.setTransform(saved);
    }

    private static void drawLegend(Graphics2D g, int x, int top, List<String> classNames) {
        g.setFont(Canvas.LABEL);
        FontMetrics m = g.getFontMetrics();
        int line = m.getHeight() + 6;
        int y = top + 4;
        g.setColor(Color.BLACK);
        g.drawString("Class", x, y + m.getAscent());
        y += line;
        int shown = Math.min(classNames.size(), MAX_LEGEND_CLASSES);
        for (int i = 0; i < shown; i++) {
            int cy = y + line / 2 - 3;
            g.setColor(Palette.category(i));
            g.fill(new Ellipse2D.Double(x + 4, cy - 6, 12, 12));
            g.setColor(Color.BLACK);
            g.drawString(Canvas.shorten(classNames.get(i), MAX_LABEL_CHARS), x + 26, cy + m.getAscent() / 2 - 1);
            y += line;
        }
        if (shown < classNames.size()) {
            g.drawString("\u2026 and " + (classNames.size() - shown) + " more", x + 26, y + m.getAscent());
            y += line;
        }
        y += line / 2;
        g.drawString("Marker", x, y + m.getAscent());
        y += line;
        int cy = y + line / 2 - 3;
        g.setColor(Color.GRAY);
        g.fill(new Ellipse2D.Double(x + 4, cy - 6, 12, 12));
        g.setColor(Color.BLACK);
        g.drawString("image", x + 26, cy + m.getAscent() / 2 - 1);
        y += line;
        cy = y + line / 2 - 3;
        Shape d = diamond(x + 10, cy, 9);
        g.setColor(Color.GRAY);
        g.fill(d);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.6f));
        g.draw(d);
        g.drawString("class text (\"a photo of a {c}.\")", x + 26, cy + m.getAscent() / 2 - 1);
    }

    /** A linear axis with about five "nice" ticks (1, 2, 5 × 10^k steps, as matplotlib's MaxNLocator). */
    private record Axis(double min, double max) {
        double fraction(double v) {
            return (v - min) / (max - min);
        }

        double step() {
            double raw = (max - min) / 5;
            double mag = Math.pow(10, Math.floor(Math.log10(raw)));
            double norm = raw / mag;
            return (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
        }

        double[] ticks() {
            double step = step();
            double first = Math.ceil(min / step) * step;
            int n = (int) Math.floor((max - first) / step) + 1;
            double[] t = new double[Math.max(n, 0)];
            for (int i = 0; i < t.length; i++) {
                t[i] = first + i * step;
            }
            return t;
        }

        String format(double v) {
            double step = step();
            int decimals = Math.max(0, (int) -Math.floor(Math.log10(step)));
            return String.format(Locale.ROOT, "%." + decimals + "f", Math.abs(v) < step / 1e6 ? 0.0 : v);
        }
    }
}

package io.clipj.bench.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * The legend beside an embedding map, top to bottom: the two markers, the categories with their colours (as many
 * as fit, then "… and k more"), the keys of point labels that only fitted as a number ("3  full label"), and how
 * many labels had no room at all. The keys' room is known before labels are placed, so a label is only keyed
 * while its key can be listed.
 *
 * <p>Not thread-safe; one per figure.
 */
final class LegendPanel {

    private final ScatterPlot.Legend legend;
    private final FontMetrics metrics;
    private final int line;
    private final int shownCategories;
    private final int keyCapacity;
    private final List<String[]> keys = new ArrayList<>();
    private int omitted;

    /** A legend for {@code legend} in a column {@code height} pixels tall, drawn with {@code metrics}' font. */
    LegendPanel(ScatterPlot.Legend legend, FontMetrics metrics, int height) {
        this.legend = legend;
        this.metrics = metrics;
        this.line = metrics.getHeight() + 6;
        int lines = height / line - 1; // the last line is kept for the "not shown" note
        lines -= 1 + (legend.imageMarker() != null ? 1 : 0) + (legend.textMarker() != null ? 1 : 0);
        int categories = legend.categories().size();
        if (categories > 0) {
            lines -= 2; // gap and heading
            shownCategories = categories <= lines ? categories : Math.max(0, lines - 1);
            lines -= categories <= lines ? categories : lines;
        } else {
            shownCategories = 0;
        }
        keyCapacity = Math.max(0, lines - 2); // gap and heading
    }

    /** The key the next keyed label would get, or null when the legend has no room to list it. */
    String nextKey() {
        return keys.size() < keyCapacity ? Integer.toString(keys.size() + 1) : null;
    }

    /** Lists {@code key} as standing for {@code label}. */
    void addKey(String key, String label) {
        keys.add(new String[] {key, label});
    }

    /** Counts a label that could not be placed at all. */
    void omitted() {
        omitted++;
    }

    /** Labels counted by {@link #omitted()} so far. */
    int omittedCount() {
        return omitted;
    }

    /** Draws the legend with its top-left corner at {@code (x, top)}, {@code width} pixels wide. */
    void draw(Graphics2D g, int x, int top, int width) {
        g.setFont(Canvas.LABEL);
        int y = top + 4;
        g.setColor(Color.BLACK);
        g.drawString("Marker", x, y + metrics.getAscent());
        y += line;
        if (legend.imageMarker() != null) {
            swatch(g, ScatterPlot.dot(x + 10, centre(y), 6), Color.GRAY, null);
            entry(g, legend.imageMarker(), x, y, width);
            y += line;
        }
        if (legend.textMarker() != null) {
            swatch(g, ScatterPlot.diamond(x + 10, centre(y), 9), Color.GRAY, Color.BLACK);
            entry(g, legend.textMarker(), x, y, width);
            y += line;
        }
        List<String> categories = legend.categories();
        if (!categories.isEmpty()) {
            y += line;
            g.drawString(legend.title(), x, y + metrics.getAscent());
            y += line;
            for (int i = 0; i < shownCategories; i++) {
                swatch(g, ScatterPlot.dot(x + 10, centre(y), 6), Palette.category(i), null);
                entry(g, categories.get(i), x, y, width);
                y += line;
            }
            if (shownCategories < categories.size()) {
                entry(g, "\u2026 and " + (categories.size() - shownCategories) + " more", x, y, width);
                y += line;
            }
        }
        if (!keys.isEmpty()) {
            y += line;
            g.drawString("Labels", x, y + metrics.getAscent());
            y += line;
            int keyWidth = metrics.stringWidth(Integer.toString(keys.size())) + 10;
            for (String[] k : keys) {
                g.setColor(new Color(0x444444));
                g.drawString(k[0], x + 4, y + metrics.getAscent());
                g.setColor(Color.BLACK);
                g.drawString(Canvas.fit(k[1], metrics, width - keyWidth - 4), x + 4 + keyWidth, y + metrics.getAscent());
                y += line;
            }
        }
        if (omitted > 0) {
            y += line / 2;
            g.setColor(Color.DARK_GRAY);
            g.drawString(omitted + " label" + (omitted == 1 ? "" : "s") + " left out (no room)", x, y + metrics.getAscent());
        }
    }

    private int centre(int y) {
        return y + metrics.getAscent() / 2 + 2;
    }

    private void entry(Graphics2D g, String text, int x, int y, int width) {
        g.setColor(Color.BLACK);
        g.drawString(Canvas.fit(text, metrics, width - 26), x + 26, y + metrics.getAscent());
    }

    private static void swatch(Graphics2D g, Shape shape, Color fill, Color edge) {
        g.setColor(fill);
        g.fill(shape);
        if (edge != null) {
            g.setColor(edge);
            g.setStroke(new BasicStroke(1.6f));
            g.draw(shape);
        }
    }
}

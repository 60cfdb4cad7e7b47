package io.clipj.bench.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * The similarity command's figure: a matrix of values (cosine similarities) as a heatmap, images down and texts
 * across, the value printed in each cell, each row's highest value outlined, a viridis colour bar and a title,
 * like matplotlib's {@code imshow} + {@code colorbar} + {@code text} recipe. Column labels are rotated 45
 * degrees when any is
 * wider than a cell.
 *
 * <pre>{@code
 * BufferedImage png = HeatmapPlot.render("Cosine similarity", imageNames, texts, cosine);
 * ImageIO.write(png, "png", file);
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class HeatmapPlot {

    private static final int MAX_LABEL_CHARS = 40;
    private static final int MARGIN = 24;
    private static final int BAR_WIDTH = 22;
    /** Outline of each row's highest value (matplotlib's tab:red, visible on both ends of viridis). */
    private static final Color BEST = new Color(0xd62728);

    private HeatmapPlot() {
    }

    /**
     * Renders {@code values} {@code [rows, cols]}.
     *
     * @param rowLabels one label per row (drawn left of the matrix)
     * @param colLabels one label per column (drawn below it)
     */
    public static BufferedImage render(String title, List<String> rowLabels, List<String> colLabels, float[][] values) {
        return render(title, "image", "text", "cosine similarity", rowLabels, colLabels, values);
    }

    /**
     * As {@link #render(String, List, List, float[][])} with axis titles for the rows, the columns and the
     * colour bar.
     */
    public static BufferedImage render(String title, String rowAxis, String colAxis, String barAxis,
            List<String> rowLabels, List<String> colLabels, float[][] values) {
        int rows = values.length;
        int cols = rows == 0 ? colLabels.size() : values[0].length;
        if (rows != rowLabels.size() || cols != colLabels.size() || rows == 0 || cols == 0) {
            throw new IllegalArgumentException("heatmap of " + rows + "x" + cols + " values with " + rowLabels.size()
                    + " row and " + colLabels.size() + " column labels");
        }
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float[] row : values) {
            for (float v : row) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (!(max > min)) {
            max = min + 1e-6f;
        }
        FontMetrics label = Canvas.metrics(Canvas.LABEL);
        FontMetrics small = Canvas.metrics(Canvas.SMALL);
        int cell = Math.max(58, small.stringWidth("-0.000") + 14);
        int rowLabelWidth = 0;
        for (String s : rowLabels) {
            rowLabelWidth = Math.max(rowLabelWidth, label.stringWidth(Canvas.shorten(s, MAX_LABEL_CHARS)));
        }
        int colLabelWidth = 0;
        for (String s : colLabels) {
            colLabelWidth = Math.max(colLabelWidth, label.stringWidth(Canvas.shorten(s, MAX_LABEL_CHARS)));
        }
        boolean rotate = colLabelWidth > cell - 6;
        int colLabelHeight = rotate ? (int) Math.ceil(colLabelWidth * Math.sqrt(0.5) + label.getHeight()) + 8
                : label.getHeight() + 8;
        int left = MARGIN + label.getHeight() + 20 + rowLabelWidth + 10;
        int top = MARGIN + 40;
        int gridW = cols * cell;
        int gridH = rows * cell;
        int barX = left + gridW + 24;
        int tickWidth = small.stringWidth("-0.00") + 10;
        // rotated labels lean left from their cell, so the first ones may need room on the left
        int leftOverhang = rotate ? Math.max(0, (int) (colLabelWidth * Math.sqrt(0.5)) - left + MARGIN) : 0;
        left += leftOverhang;
        barX += leftOverhang;
        int width = barX + BAR_WIDTH + tickWidth + label.getHeight() + 8 + MARGIN;
        int height = top + gridH + colLabelHeight + label.getHeight() + 8 + small.getHeight() + 6 + MARGIN;
        int titleWidth = Canvas.metrics(Canvas.TITLE).stringWidth(title);
        width = Math.max(width, titleWidth + 2 * MARGIN);
        // centred over the matrix when it fits there, else moved just enough to stay inside the image
        double titleX = Math.max(MARGIN + titleWidth / 2.0, Math.min(left + gridW / 2.0, width - MARGIN - titleWidth / 2.0));

        BufferedImage image = Canvas.blank(width, height);
        Graphics2D g = Canvas.graphics(image);
        g.setColor(Color.BLACK);
        g.setFont(Canvas.TITLE);
        Canvas.centred(g, title, titleX, MARGIN + 18);

        g.setFont(Canvas.SMALL);
        FontMetrics valueMetrics = g.getFontMetrics();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                Color fill = Palette.viridis((values[r][c] - min) / (max - min));
                g.setColor(fill);
                g.fillRect(left + c * cell, top + r * cell, cell, cell);
                g.setColor(Palette.textOn(fill));
                Canvas.centred(g, Ticks.format(values[r][c], 3), left + c * cell + cell / 2.0,
                        top + r * cell + cell / 2.0 + valueMetrics.getAscent() / 2.0 - 2);
            }
        }
        g.setColor(BEST);
        g.setStroke(new BasicStroke(3f));
        for (int r = 0; r < rows; r++) {
            int best = 0;
            for (int c = 1; c < cols; c++) {
                best = values[r][c] > values[r][best] ? c : best;
            }
            g.drawRect(left + best * cell + 2, top + r * cell + 2, cell - 4, cell - 4);
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(left, top, gridW, gridH);

        g.setFont(Canvas.LABEL);
        FontMetrics lm = g.getFontMetrics();
        for (int r = 0; r < rows; r++) {
            String s = Canvas.shorten(rowLabels.get(r), MAX_LABEL_CHARS);
            int y = top + r * cell + cell / 2 + lm.getAscent() / 2 - 2;
            g.drawString(s, left - 8 - lm.stringWidth(s), y);
            g.drawLine(left - 4, top + r * cell + cell / 2, left, top + r * cell + cell / 2);
        }
        for (int c = 0; c < cols; c++) {
            String s = Canvas.shorten(colLabels.get(c), MAX_LABEL_CHARS);
            int cx = left + c * cell + cell / 2;
            g.drawLine(cx, top + gridH, cx, top + gridH + 4);
            if (rotate) {
                // matplotlib's rotation=45, ha="right": the label ends under its column
                AffineTransform saved = g.getTransform();
                g.translate(cx + lm.getAscent() / 3.0, top + gridH + 10);
                g.rotate(-Math.PI / 4);
                g.drawString(s, -lm.stringWidth(s), lm.getAscent() / 2f);
                g.setTransform(saved);
            } else {
                Canvas.centred(g, s, cx, top + gridH + 8 + lm.getAscent());
            }
        }

        drawColourBar(g, barX, top, gridH, min, max);

        g.setFont(Canvas.LABEL);
        g.setColor(Color.BLACK);
        Canvas.centred(g, colAxis, left + gridW / 2.0, top + gridH + colLabelHeight + 4 + lm.getAscent());
        g.setFont(Canvas.SMALL);
        FontMetrics sm = g.getFontMetrics();
        String note = "outlined: each row's highest value";
        int noteX = (int) Math.round(left + gridW / 2.0 - sm.stringWidth(note) / 2.0);
        int noteY = top + gridH + colLabelHeight + 4 + lm.getHeight() + 6 + sm.getAscent();
        g.setColor(BEST);
        g.setStroke(new BasicStroke(2f));
        g.drawRect(noteX - 22, noteY - sm.getAscent() + 1, 14, sm.getAscent() - 2);
        g.setColor(Color.BLACK);
        g.drawString(note, noteX, noteY);
        g.setFont(Canvas.LABEL);
        // baseline of the rotated title; its descenders reach towards the row labels, hence the extra gap
        verticalText(g, rowAxis, left - 8 - rowLabelWidth - 14 - lm.getDescent(), top + gridH / 2.0);
        verticalText(g, barAxis, barX + BAR_WIDTH + tickWidth + 4 + lm.getAscent(), top + gridH / 2.0);
        g.dispose();
        return image;
    }

    /** Text rotated 90 degrees counter-clockwise, centred on {@code cy}, baseline at {@code x}. */
    private static void verticalText(Graphics2D g, String text, double x, double cy) {
        AffineTransform saved = g.getTransform();
        g.translate(x, cy);
        g.rotate(-Math.PI / 2);
        Canvas.centred(g, text, 0, 0);
        g.setTransform(saved);
    }

    private static void drawColourBar(Graphics2D g, int x, int top, int height, float min, float max) {
        for (int y = 0; y < height; y++) {
            g.setColor(Palette.viridis(1 - (double) y / (height - 1)));
            g.fillRect(x, top + y, BAR_WIDTH, 1);
        }
        g.setColor(Color.BLACK);
        g.drawRect(x, top, BAR_WIDTH, height);
        g.setFont(Canvas.SMALL);
        FontMetrics m = g.getFontMetrics();
        double step = Ticks.step(min, max, 5);
        int decimals = Ticks.decimals(step);
        for (double v : Ticks.inside(min, max, step)) {
            double f = max > min ? (v - min) / (max - min) : 0.5;
            int y = top + (int) Math.round((1 - f) * height);
            g.drawLine(x + BAR_WIDTH, y, x + BAR_WIDTH + 4, y);
            g.drawString(Ticks.format(v, decimals), x + BAR_WIDTH + 7, y + m.getAscent() / 2 - 1);
        }
    }
}

package io.clipj.bench.cli;

import io.clipj.weights.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws an images × texts matrix as a heatmap PNG with Java2D: images down the left, texts across the top
 * (tilted so long captions stay readable), the value in every cell, a colour bar with ticks, and a title.
 *
 * <p>Stateless and thread-safe.
 */
final class SimilarityHeatmap {

    private static final int CELL_W = 84;
    private static final int CELL_H = 34;
    private static final int MAX_LABEL_CHARS = 40;
    // viridis at 0, 1/4, 1/2, 3/4, 1: perceptually even and readable in grey scale
    private static final Color[] PALETTE = {new Color(68, 1, 84), new Color(59, 82, 139), new Color(33, 145, 140),
        new Color(94, 201, 98), new Color(253, 231, 37)};

    private SimilarityHeatmap() {
    }

    /** Renders {@code values[image][text]} and writes it to {@code file} atomically. */
    static void write(Path file, String title, List<String> rowLabels, List<String> colLabels, float[][] values)
            throws IOException {
        BufferedImage image = render(title, rowLabels, colLabels, values);
        AtomicFiles.write(file, channel -> {
            OutputStream out = Channels.newOutputStream(channel);
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available");
            }
            out.flush();
        });
    }

    static BufferedImage render(String title, List<String> rowLabels, List<String> colLabels, float[][] values) {
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
        Font labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        Font cellFont = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 15);
        FontMetrics fm = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics().getFontMetrics(labelFont);
        int rowLabelW = 0;
        for (String s : rowLabels) {
            rowLabelW = Math.max(rowLabelW, fm.stringWidth(shorten(s)));
        }
        int colLabelW = 0;
        for (String s : colLabels) {
            colLabelW = Math.max(colLabelW, fm.stringWidth(shorten(s)));
        }
        int left = rowLabelW + 44; // room for the vertical axis title
        int top = 40 + (int) (colLabelW * Math.sin(Math.toRadians(45))) + 20;
        int gridW = CELL_W * colLabels.size();
        int gridH = CELL_H * rowLabels.size();
        int barX = left + gridW + 30;
        int width = barX + 90 + (int) (colLabelW * Math.cos(Math.toRadians(45)) / 2);
        int height = top + Math.max(gridH, 120) + 30;

        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(titleFont);
        g.drawString(title, 10, 22);

        g.setFont(titleFont.deriveFont(Font.PLAIN, 13f));
        g.drawString("texts \u2192", left - 60, top - 8);
        AffineTransform upright = g.getTransform();
        g.translate(18, top + gridH / 2.0 + 20);
        g.rotate(-Math.PI / 2);
        g.drawString("images", 0, 0);
        g.setTransform(upright);
        g.drawString("cosine", barX - 4, top - 8);

        g.setFont(labelFont);
        for (int i = 0; i < rowLabels.size(); i++) {
            String s = shorten(rowLabels.get(i));
            g.drawString(s, left - 10 - fm.stringWidth(s), top + i * CELL_H + CELL_H / 2 + fm.getAscent() / 2 - 2);
        }
        for (int j = 0; j < colLabels.size(); j++) {
            AffineTransform saved = g.getTransform();
            g.translate(left + j * CELL_W + CELL_W / 2.0, top - 8);
            g.rotate(-Math.PI / 4);
            g.drawString(shorten(colLabels.get(j)), 0, 0);
            g.setTransform(saved);
        }

        g.setFont(cellFont);
        FontMetrics cm = g.getFontMetrics();
        for (int i = 0; i < values.length; i++) {
            for (int j = 0; j < values[i].length; j++) {
                float t = (values[i][j] - min) / (max - min);
                Color c = colour(t);
                int x = left + j * CELL_W;
                int y = top + i * CELL_H;
                g.setColor(c);
                g.fillRect(x, y, CELL_W, CELL_H);
                g.setColor(luminance(c) > 0.5 ? Color.BLACK : Color.WHITE);
                String text = String.format("%.3f", values[i][j]);
                g.drawString(text, x + (CELL_W - cm.stringWidth(text)) / 2, y + CELL_H / 2 + cm.getAscent() / 2 - 2);
            }
        }
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(left, top, gridW, gridH);

        int barH = Math.max(gridH, 120);
        for (int y = 0; y < barH; y++) {
            g.setColor(colour(1f - (float) y / (barH - 1)));
            g.fillRect(barX, top + y, 18, 1);
        }
        g.setColor(Color.DARK_GRAY);
        g.drawRect(barX, top, 18, barH);
        g.setFont(labelFont);
        for (int k = 0; k <= 4; k++) {
            float v = max - (max - min) * k / 4f;
            int y = top + (int) ((barH - 1) * k / 4f);
            g.drawLine(barX + 18, y, barX + 23, y);
            g.drawString(String.format("%.3f", v), barX + 27, y + fm.getAscent() / 2 - 1);
        }
        g.dispose();
        return img;
    }

    private static String shorten(String s) {
        String oneLine = s.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_LABEL_CHARS ? oneLine : oneLine.substring(0, MAX_LABEL_CHARS - 1) + "…";
    }

    private static Color colour(float t) {
        float x = Math.max(0f, Math.min(1f, t)) * (PALETTE.length - 1);
        int i = Math.min((int) x, PALETTE.length - 2);
        float f = x - i;
        Color a = PALETTE[i];
        Color b = PALETTE[i + 1];
        return new Color(Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
    }

    private static double luminance(Color c) {
        return (0.299 * c.getRed() + 0.587 * c.getGreen() + 0.114 * c.getBlue()) / 255.0;
    }
}

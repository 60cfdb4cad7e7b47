package io.clipj.bench.plot;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.Color;

/**
 * Shared Java2D set-up for the figures: antialiased text and shapes on a white RGB image, and text helpers.
 *
 * <p>Not thread-safe; one per figure.
 */
final class Canvas {

    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 20);
    static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
    static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

    private Canvas() {
    }

    /** A white image with a graphics context ready for antialiased drawing. */
    static BufferedImage blank(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    static Graphics2D graphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        return g;
    }

    /** A graphics context for measuring text before the image size is known. */
    static FontMetrics metrics(Font font) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = graphics(scratch);
        FontMetrics m = g.getFontMetrics(font);
        g.dispose();
        return m;
    }

    /** {@code text} cut to at most {@code maxChars} characters with an ellipsis, so labels stay bounded. */
    static String shorten(String text, int maxChars) {
        return text.length() <= maxChars ? text : text.substring(0, maxChars - 1) + "\u2026";
    }

    /** {@code text}, cut with an ellipsis if need be, so that it is at most {@code maxWidth} pixels wide. */
    static String fit(String text, FontMetrics m, int maxWidth) {
        if (m.stringWidth(text) <= maxWidth) {
            return text;
        }
        int keep = text.length();
        while (keep > 1 && m.stringWidth(text.substring(0, keep - 1) + "\u2026") > maxWidth) {
            keep--;
        }
        return text.substring(0, keep - 1) + "\u2026";
    }

    /** Draws {@code text} centred horizontally on {@code cx} with its baseline at {@code y}. */
    static void centred(Graphics2D g, String text, double cx, double y) {
        FontMetrics m = g.getFontMetrics();
        g.drawString(text, (float) (cx - m.stringWidth(text) / 2.0), (float) y);
    }
}

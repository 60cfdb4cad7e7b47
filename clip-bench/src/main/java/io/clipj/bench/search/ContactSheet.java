package io.clipj.bench.search;

import io.clipj.internal.data.TarEntry;
import io.clipj.internal.data.TarReader;
import io.clipj.weights.AtomicFiles;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A contact sheet of search results: a grid of thumbnails, each labelled with its rank, score and file name,
 * under a title with the query. Images that cannot be read show as a grey tile.
 *
 * <p>Stateless and thread-safe.
 */
final class ContactSheet {

    private static final int TILE = 200;
    private static final int LABEL = 40;
    private static final int PAD = 10;
    private static final int TITLE = 40;

    private ContactSheet() {
    }

    static void write(Path file, String query, List<io.clipj.index.SearchHit> hits) throws IOException {
        int cols = Math.max(1, Math.min(5, hits.size()));
        int rows = Math.max(1, (hits.size() + cols - 1) / cols);
        int w = PAD + cols * (TILE + PAD);
        int h = TITLE + rows * (TILE + LABEL + PAD) + PAD;
        BufferedImage sheet = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(clip("query: " + query, w - 2 * PAD, g), PAD, 26);
        for (int i = 0; i < hits.size(); i++) {
            io.clipj.index.SearchHit hit = hits.get(i);
            int x = PAD + (i % cols) * (TILE + PAD);
            int y = TITLE + (i / cols) * (TILE + LABEL + PAD);
            g.setColor(new Color(0xDDDDDD));
            g.fillRect(x, y, TILE, TILE);
            BufferedImage img = read(hit.path());
            if (img != null) {
                double s = Math.min((double) TILE / img.getWidth(), (double) TILE / img.getHeight());
                int tw = (int) Math.round(img.getWidth() * s), th = (int) Math.round(img.getHeight() * s);
                g.drawImage(img, x + (TILE - tw) / 2, y + (TILE - th) / 2, tw, th, null);
            }
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.drawString(String.format(Locale.ROOT, "#%d   %.4f", hit.rank(), hit.score()), x, y + TILE + 16);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            String name = hit.path().substring(hit.path().lastIndexOf('/') + 1);
            g.drawString(clip(name, TILE, g), x, y + TILE + 32);
        }
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(sheet, "png", png);
        AtomicFiles.write(file, ch -> ch.write(ByteBuffer.wrap(png.toByteArray())));
    }

    private static String clip(String s, int width, Graphics2D g) {
        String t = s;
        while (t.length() > 1 && g.getFontMetrics().stringWidth(t) > width) {
            t = t.substring(0, t.length() - 2) + "…";
        }
        return t;
    }

    /** The image of an entry (a file, or a {@code SHARD.tar#KEY} member), or null if it cannot be read. */
    private static BufferedImage read(String path) {
        try {
            int hash = path.lastIndexOf(".tar#");
            if (hash < 0) {
                return ImageIO.read(Path.of(path).toFile());
            }
            String shard = path.substring(0, hash + 4);
            String key = path.substring(hash + 5);
            try (InputStream in = new BufferedInputStream(Files.newInputStream(Path.of(shard)));
                 TarReader tar = new TarReader(in, shard)) {
                for (TarEntry e = tar.nextEntry(); e != null; e = tar.nextEntry()) {
                    if (e.name().startsWith(key + ".")) {
                        BufferedImage img = ImageIO.read(new ByteArrayInputStream(tar.readContent()));
                        if (img != null) {
                            return img;
                        }
                    }
                }
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}

package io.clipj.internal.image;

import io.clipj.image.RgbImage;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;

/**
 * PIL's {@code Image.convert("RGB")} applied to what Java's readers decode, reading stored samples directly so
 * no colour management (embedded ICC profiles) is applied:
 * <ul>
 * <li>alpha is dropped, not composited over a background;</li>
 * <li>gray (and gray + alpha) is replicated into R, G and B;</li>
 * <li>palette indices are looked up, transparency ignored; indices beyond the stored palette map to gray
 *     {@code (i, i, i)}, Pillow's initial palette ramp;</li>
 * <li>16-bit gray without alpha is clipped to 0..255, not scaled: PIL opens it as mode {@code "I"} and
 *     {@code i2rgb} clamps (so most 16-bit gray photos turn white, exactly as in PIL);</li>
 * <li>other 16-bit samples (RGB, RGBA, gray + alpha) keep their high byte, as PIL's {@code ;16B} unpackers do.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class PilConvert {

    private PilConvert() {
    }

    /**
     * @param paletteEntries the number of palette entries the file really stores (PNG PLTE), or -1 to trust the
     *                       colour model's size
     */
    public static RgbImage toRgb(BufferedImage img, int paletteEntries) {
        int w = img.getWidth();
        int h = img.getHeight();
        Raster r = img.getRaster();
        ColorModel cm = img.getColorModel();
        byte[] out = new byte[w * h * 3];
        if (cm instanceof IndexColorModel icm) {
            palette(r, icm, paletteEntries, out);
        } else if (cm instanceof DirectColorModel dcm && r.getSampleModel() instanceof SinglePixelPackedSampleModel
                && r.getDataBuffer() instanceof DataBufferInt && r.getParent() == null && !dcm.isAlphaPremultiplied()
                && dcm.getRedMask() == 0xff0000 && dcm.getGreenMask() == 0xff00 && dcm.getBlueMask() == 0xff) {
            packedInt(r, out);
        } else if (!cm.isAlphaPremultiplied() && (cm.getNumColorComponents() == 1 || cm.getNumColorComponents() == 3)
                && r.getNumBands() == cm.getNumComponents()) {
            components(r, cm.getNumColorComponents(), cm.hasAlpha(), out);
        } else {
            // unusual layouts (premultiplied, 565, ...): let the colour model interpret them
            int[] row = new int[w];
            for (int y = 0, o = 0; y < h; y++) {
                img.getRGB(0, y, w, 1, row, 0, w);
                for (int x = 0; x < w; x++) {
                    int argb = row[x];
                    out[o++] = (byte) (argb >> 16);
                    out[o++] = (byte) (argb >> 8);
                    out[o++] = (byte) argb;
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    private static void palette(Raster r, IndexColorModel icm, int paletteEntries, byte[] out) {
        int size = icm.getMapSize();
        int valid = paletteEntries < 0 ? size : Math.min(paletteEntries, size);
        byte[][] lut = new byte[3][256];
        byte[] reds = new byte[size];
        byte[] greens = new byte[size];
        byte[] blues = new byte[size];
        icm.getReds(reds);
        icm.getGreens(greens);
        icm.getBlues(blues);
        for (int i = 0; i < 256; i++) {
            boolean inPalette = i < valid;
            lut[0][i] = inPalette ? reds[i] : (byte) i;
            lut[1][i] = inPalette ? greens[i] : (byte) i;
            lut[2][i] = inPalette ? blues[i] : (byte) i;
        }
        int w = r.getWidth();
        int[] idx = new int[w];
        for (int y = 0, o = 0; y < r.getHeight(); y++) {
            r.getSamples(r.getMinX(), r.getMinY() + y, w, 1, 0, idx);
            for (int x = 0; x < w; x++) {
                int i = idx[x] & 0xff;
                out[o++] = lut[0][i];
                out[o++] = lut[1][i];
                out[o++] = lut[2][i];
            }
        }
    }

    private static void packedInt(Raster r, byte[] out) {
        SinglePixelPackedSampleModel sm = (SinglePixelPackedSampleModel) r.getSampleModel();
        int[] data = ((DataBufferInt) r.getDataBuffer()).getData();
        int stride = sm.getScanlineStride();
        int base = r.getDataBuffer().getOffset();
        int w = r.getWidth();
        for (int y = 0, o = 0; y < r.getHeight(); y++) {
            int p = base + y * stride;
            for (int x = 0; x < w; x++) {
                int v = data[p + x];
                out[o++] = (byte) (v >> 16);
                out[o++] = (byte) (v >> 8);
                out[o++] = (byte) v;
            }
        }
    }

    /** Gray or RGB, with or without alpha, 8 or 16 bits per sample, in band order. */
    public static void components(Raster r, int colors, boolean alpha, byte[] out) {
        int w = r.getWidth();
        int h = r.getHeight();
        boolean wide = r.getTransferType() == DataBuffer.TYPE_USHORT;
        boolean clipGray16 = wide && colors == 1 && !alpha;
        if (!wide && fastBytes(r, colors, out)) {
            return;
        }
        int[][] rows = new int[colors][w];
        for (int y = 0; y < h; y++) {
            for (int c = 0; c < colors; c++) {
                r.getSamples(r.getMinX(), r.getMinY() + y, w, 1, c, rows[c]);
            }
            int o = y * w * 3;
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    int v = rows[colors == 1 ? 0 : c][x];
                    if (clipGray16) {
                        v = Math.min(v, 255);
                    } else if (wide) {
                        v >>= 8;
                    }
                    out[o++] = (byte) v;
                }
            }
        }
    }

    /** Direct copy from an interleaved byte raster; false when the layout is not one. */
    private static boolean fastBytes(Raster r, int colors, byte[] out) {
        if (!(r.getSampleModel() instanceof ComponentSampleModel sm) || !(r.getDataBuffer() instanceof DataBufferByte db)
                || db.getNumBanks() != 1 || r.getParent() != null) {
            return false;
        }
        byte[] data = db.getData();
        int[] off = sm.getBandOffsets();
        int ps = sm.getPixelStride();
        int ss = sm.getScanlineStride();
        int base = db.getOffset();
        int o0 = off[0];
        int o1 = colors == 1 ? off[0] : off[1];
        int o2 = colors == 1 ? off[0] : off[2];
        int w = r.getWidth();
        for (int y = 0, o = 0; y < r.getHeight(); y++) {
            int p = base + y * ss;
            for (int x = 0; x < w; x++, p += ps) {
                out[o++] = data[p + o0];
                out[o++] = data[p + o1];
                out[o++] = data[p + o2];
            }
        }
        return true;
    }
}

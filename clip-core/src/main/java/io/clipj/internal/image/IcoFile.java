package io.clipj.internal.image;

import io.clipj.image.ImageDecodeException;
import io.clipj.image.RgbImage;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Picks the image PIL 9.4 shows for a Windows icon ({@code IcoImagePlugin}) and returns it as a file our decoder
 * reads: the entry with the most pixels, among those the highest colour depth, among those the last in the
 * directory. A PNG entry is returned as is; a BMP entry (a DIB whose height counts the XOR colours and the AND
 * mask) as a BMP file of its XOR part only, which is what PIL decodes before it turns the mask into alpha, and
 * alpha is dropped by {@code convert("RGB")} anyway.
 *
 * <p>Stateless and thread-safe.
 */
public final class IcoFile {

    private static final int DIRECTORY_ENTRY = 16;
    private static final int BMP_FILE_HEADER = 14;

    private IcoFile() {
    }

    /** Whether {@code b} starts like an icon: reserved 0, type 1, at least one entry. */
    public static boolean accepts(byte[] b) {
        return b.length >= 6 && b[0] == 0 && b[1] == 0 && b[2] == 1 && b[3] == 0 && (b[4] != 0 || b[5] != 0);
    }

    /** The chosen entry as a PNG or BMP file. */
    public static byte[] largestImage(byte[] ico, String source) throws ImageDecodeException {
        ByteBuffer buf = ByteBuffer.wrap(ico).order(ByteOrder.LITTLE_ENDIAN);
        int count = buf.getShort(4) & 0xffff;
        if (6L + (long) count * DIRECTORY_ENTRY > ico.length) {
            throw new ImageDecodeException(source, "truncated ICO directory (" + count + " entries declared)");
        }
        int best = -1;
        long bestSquare = -1;
        int bestDepth = -1;
        for (int i = 0; i < count; i++) {
            int e = 6 + i * DIRECTORY_ENTRY;
            int w = ico[e] == 0 ? 256 : ico[e] & 0xff;
            int h = ico[e + 1] == 0 ? 256 : ico[e + 1] & 0xff;
            int colors = ico[e + 2] & 0xff;
            int bpp = buf.getShort(e + 6) & 0xffff;
            // PIL: bpp, else ceil(log2(colours)) when colours are given, else 256
            int depth = bpp != 0 ? bpp : colors != 0 ? 32 - Integer.numberOfLeadingZeros(colors - 1) : 256;
            long square = (long) w * h;
            if (square > bestSquare || square == bestSquare && depth >= bestDepth) {
                best = i;
                bestSquare = square;
                bestDepth = depth;
            }
        }
        int e = 6 + best * DIRECTORY_ENTRY;
        long size = buf.getInt(e + 8) & 0xffffffffL;
        long offset = buf.getInt(e + 12) & 0xffffffffL;
        if (offset >= ico.length) {
            throw new ImageDecodeException(source, "truncated ICO data (entry " + best + " starts at byte " + offset
                    + ", the file has " + ico.length + ")");
        }
        int available = (int) Math.min(size == 0 ? Long.MAX_VALUE : size, ico.length - offset);
        byte[] entry = new byte[available];
        System.arraycopy(ico, (int) offset, entry, 0, available);
        if (ImageFormat.sniff(entry) == ImageFormat.PNG) {
            return entry;
        }
        return xorBitmap(entry, source);
    }

    /** A BMP file of the DIB's colour part: file header prepended, height halved (the mask rows follow it). */
    private static byte[] xorBitmap(byte[] dib, String source) throws ImageDecodeException {
        if (dib.length < 40) {
            throw new ImageDecodeException(source, "truncated ICO bitmap entry (" + dib.length + " bytes)");
        }
        ByteBuffer d = ByteBuffer.wrap(dib).order(ByteOrder.LITTLE_ENDIAN);
        int headerSize = d.getInt(0);
        int height = d.getInt(8);
        int bpp = d.getShort(14) & 0xffff;
        int compression = d.getInt(16);
        int colorsUsed = d.getInt(32);
        if (headerSize < 40 || headerSize > dib.length || height == 0) {
            throw new ImageDecodeException(source, "invalid ICO bitmap entry (header size " + headerSize
                    + ", height " + height + ")");
        }
        long paletteEntries = bpp <= 8 ? (colorsUsed > 0 ? colorsUsed & 0xffffffffL : 1L << bpp) : 0;
        long masks = headerSize == 40 && compression == 3 ? 12 : 0; // BI_BITFIELDS after a short header
        long dataOffset = BMP_FILE_HEADER + headerSize + masks + 4 * paletteEntries;
        if (dataOffset > BMP_FILE_HEADER + (long) dib.length) {
            throw new ImageDecodeException(source, "truncated ICO bitmap entry (palette of " + paletteEntries
                    + " colours does not fit)");
        }
        byte[] bmp = new byte[BMP_FILE_HEADER + dib.length];
        ByteBuffer b = ByteBuffer.wrap(bmp).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, (byte) 'B').put(1, (byte) 'M').putInt(2, bmp.length).putInt(10, (int) dataOffset);
        System.arraycopy(dib, 0, bmp, BMP_FILE_HEADER, dib.length);
        b.putInt(BMP_FILE_HEADER + 8, height / 2);
        b.putInt(BMP_FILE_HEADER + 20, 0); // image size: let the reader compute it from the halved height
        return bmp;
    }
}

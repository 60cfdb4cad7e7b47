package io.clipj.internal.image.vp8;

import java.io.IOException;

/**
 * Decodes a VP8L (lossless WebP) bitstream to ARGB pixels, as libwebp's {@code vp8l_dec.c}: header, transforms
 * (predictor, cross-colour, subtract-green, colour indexing; undone in reverse order), colour cache, meta Huffman
 * codes and LZ77 backward references. Written for speed: TwelveMonkeys' decoder reads bits through an
 * {@code ImageInputStream} and transforms pixel by pixel through {@code Raster} calls (≈15 ms for a 451×300
 * image, most of the preprocessing time).
 *
 * <p>Stateless and thread-safe: each call decodes with its own state.
 */
public final class Vp8lDecoder {

    private static final int NUM_LITERAL_CODES = 256;
    private static final int NUM_LENGTH_CODES = 24;
    private static final int NUM_DISTANCE_CODES = 40;
    private static final int[] CODE_LENGTH_ORDER = {17, 18, 0, 1, 2, 3, 4, 5, 16, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    private static final int[] CODE_TO_PLANE = {
        0x18, 0x07, 0x17, 0x19, 0x28, 0x06, 0x27, 0x29, 0x16, 0x1a, 0x26, 0x2a, 0x38, 0x05, 0x37, 0x39, 0x15, 0x1b,
        0x36, 0x3a, 0x25, 0x2b, 0x48, 0x04, 0x47, 0x49, 0x14, 0x1c, 0x35, 0x3b, 0x46, 0x4a, 0x24, 0x2c, 0x58, 0x45,
        0x4b, 0x34, 0x3c, 0x03, 0x57, 0x59, 0x13, 0x1d, 0x56, 0x5a, 0x23, 0x2d, 0x44, 0x4c, 0x55, 0x5b, 0x33, 0x3d,
        0x68, 0x02, 0x67, 0x69, 0x12, 0x1e, 0x66, 0x6a, 0x22, 0x2e, 0x54, 0x5c, 0x43, 0x4d, 0x65, 0x6b, 0x32, 0x3e,
        0x78, 0x01, 0x77, 0x79, 0x53, 0x5d, 0x11, 0x1f, 0x64, 0x6c, 0x42, 0x4e, 0x76, 0x7a, 0x21, 0x2f, 0x75, 0x7b,
        0x31, 0x3f, 0x63, 0x6d, 0x52, 0x5e, 0x00, 0x74, 0x7c, 0x41, 0x4f, 0x10, 0x20, 0x62, 0x6e, 0x30, 0x73, 0x7d,
        0x51, 0x5f, 0x40, 0x72, 0x7e, 0x61, 0x6f, 0x50, 0x71, 0x7f, 0x60, 0x70};

    /** Decoded image: {@code argb} is {@code [height, width]} packed 0xAARRGGBB. */
    public record Argb(int width, int height, int[] argb) {
    }

    private final Vp8lBitReader br;

    private Vp8lDecoder(byte[] data, int off, int len) {
        br = new Vp8lBitReader(data, off, len);
    }

    /** Image width from the VP8L header at {@code off} (after the signature byte). */
    public static int width(byte[] b, int off) {
        return (((b[off + 1] & 0xff) | (b[off + 2] & 0xff) << 8) & 0x3fff) + 1;
    }

    public static int height(byte[] b, int off) {
        int bits = (b[off + 2] & 0xff) >> 6 | (b[off + 3] & 0xff) << 2 | (b[off + 4] & 0xff) << 10;
        return (bits & 0x3fff) + 1;
    }

    /** Decodes the VP8L chunk payload {@code data[off, off + len)}. */
    public static Argb decode(byte[] data, int off, int len) throws IOException {
        return decode(data, off, len, Integer.MAX_VALUE - 8);
    }

    /**
     * Decodes the VP8L chunk payload {@code data[off, off + len)}, refusing a bitstream that declares more than
     * {@code maxPixels} pixels before anything is allocated for it.
     */
    public static Argb decode(byte[] data, int off, int len, long maxPixels) throws IOException {
        Vp8lDecoder d = new Vp8lDecoder(data, off, len);
        if (d.br.read(8) != 0x2f) {
            throw new IOException("invalid VP8L data: bad signature");
        }
        int w = d.br.read(14) + 1;
        int h = d.br.read(14) + 1;
        if ((long) w * h > Math.min(maxPixels, Integer.MAX_VALUE - 8)) {
            throw new IOException("VP8L bitstream size " + w + "x" + h + " exceeds the limit of "
                    + Math.min(maxPixels, Integer.MAX_VALUE - 8) + " pixels");
        }
        d.br.read(1); // alpha hint
        if (d.br.read(3) != 0) {
            throw new IOException("invalid VP8L data: unknown version");
        }
        int[] argb = d.decodeLevel0(w, h);
        if (d.br.eos()) {
            throw new IOException("invalid VP8L data: truncated");
        }
        return new Argb(w, h, argb);
    }

    /** One transform as read: its type, the width it applies to, its bits and its data. */
    private record Transform(int type, int xsize, int bits, int[] data) {
    }

    private int[] decodeLevel0(int w, int h) throws IOException {
        Transform[] transforms = new Transform[4];
        int n = 0;
        int xsize = w;
        int seen = 0;
        while (br.read(1) == 1) {
            int type = br.read(2);
            if ((seen & (1 << type)) != 0 || n == 4) {
                throw new IOException("invalid VP8L data: repeated transform");
            }
            seen |= 1 << type;
            switch (type) {
                case 0, 1 -> {
                    int bits = br.read(3) + 2;
                    int[] sub = decodeStream(subSample(xsize, bits), subSample(h, bits), false);
                    transforms[n++] = new Transform(type, xsize, bits, sub);
                }
                case 2 -> transforms[n++] = new Transform(type, xsize, 0, null);
                default -> {
                    int colors = br.read(8) + 1;
                    int bits = colors > 16 ? 0 : colors > 4 ? 1 : colors > 2 ? 2 : 3;
                    int[] pal = decodeStream(colors, 1, false);
                    int[] palette = new int[1 << (8 >> bits)];
                    palette[0] = pal[0];
                    for (int i = 1; i < colors; i++) {
                        palette[i] = Vp8lTransforms.addPixels(pal[i], palette[i - 1]);
                    }
                    transforms[n++] = new Transform(type, xsize, bits, palette);
                    xsize = subSample(xsize, bits);
                }
            }
        }
        int[] pixels = decodeStream(xsize, h, true);
        for (int i = n - 1; i >= 0; i--) {
            Transform t = transforms[i];
            pixels = switch (t.type) {
                case 0 -> Vp8lTransforms.predictorInverse(pixels, t.xsize, h, t.bits, t.data);
                case 1 -> Vp8lTransforms.crossColorInverse(pixels, t.xsize, h, t.bits, t.data);
                case 2 -> Vp8lTransforms.subtractGreenInverse(pixels);
                default -> Vp8lTransforms.colorIndexInverse(pixels, t.xsize, h, t.bits, t.data);
            };
        }
        return pixels;
    }

    public static int subSample(int size, int bits) {
        return (size + (1 << bits) - 1) >> bits;
    }

    /** An entropy-coded image: colour cache, Huffman codes (meta codes only at level 0), then the pixels. */
    private int[] decodeStream(int xsize, int ysize, boolean level0) throws IOException {
        int cacheBits = 0;
        if (br.read(1) == 1) {
            cacheBits = br.read(4);
            if (cacheBits < 1 || cacheBits > 11) {
                throw new IOException("invalid VP8L data: colour cache bits " + cacheBits);
            }
        }
        int metaBits = 0;
        int metaXsize = 0;
        int[] meta = null;
        int groups = 1;
        if (level0 && br.read(1) == 1) {
            metaBits = br.read(3) + 2;
            metaXsize = subSample(xsize, metaBits);
            meta = decodeStream(metaXsize, subSample(ysize, metaBits), false);
            for (int i = 0; i < meta.length; i++) {
                meta[i] = (meta[i] >> 8) & 0xffff;
                groups = Math.max(groups, meta[i] + 1);
            }
        }
        Vp8lHuffman[][] codes = new Vp8lHuffman[groups][];
        int greenSize = NUM_LITERAL_CODES + NUM_LENGTH_CODES + (cacheBits > 0 ? 1 << cacheBits : 0);
        int[] lengths = new int[greenSize];
        for (int g = 0; g < groups; g++) {
            codes[g] = new Vp8lHuffman[] {
                readCode(greenSize, lengths), readCode(NUM_LITERAL_CODES, lengths),
                readCode(NUM_LITERAL_CODES, lengths), readCode(NUM_LITERAL_CODES, lengths),
                readCode(NUM_DISTANCE_CODES, lengths)};
        }
        return decodePixels(xsize, ysize, cacheBits, codes, meta, metaBits, metaXsize);
    }

    private Vp8lHuffman readCode(int alphabet, int[] lengths) throws IOException {
        java.util.Arrays.fill(lengths, 0, alphabet, 0);
        if (br.read(1) == 1) {
            // simple code: one or two symbols
            int symbols = br.read(1) + 1;
            int first = br.read(br.read(1) == 0 ? 1 : 8);
            checkSymbol(first, alphabet);
            lengths[first] = 1;
            if (symbols == 2) {
                int second = br.read(8);
                checkSymbol(second, alphabet);
                lengths[second] = 1;
            }
        } else {
            int[] clens = new int[19];
            int numCodes = br.read(4) + 4;
            for (int i = 0; i < numCodes; i++) {
                clens[CODE_LENGTH_ORDER[i]] = br.read(3);
            }
            Vp8lHuffman lengthCode = new Vp8lHuffman(clens, 19);
            int maxSymbol = alphabet;
            if (br.read(1) == 1) {
                int nbits = 2 + 2 * br.read(3);
                maxSymbol = 2 + br.read(nbits);
                if (maxSymbol > alphabet) {
                    throw new IOException("invalid VP8L data: code length count " + maxSymbol);
                }
            }
            int prev = 8;
            int symbol = 0;
            while (symbol < alphabet) {
                if (maxSymbol-- == 0) {
                    break;
                }
                int len = lengthCode.read(br);
                if (len < 16) {
                    lengths[symbol++] = len;
                    if (len != 0) {
                        prev = len;
                    }
                } else {
                    int slot = len - 16;
                    int repeat = br.read(slot == 0 ? 2 : slot == 1 ? 3 : 7) + (slot == 2 ? 11 : 3);
                    if (symbol + repeat > alphabet) {
                        throw new IOException("invalid VP8L data: code lengths overflow");
                    }
                    int v = slot == 0 ? prev : 0;
                    while (repeat-- > 0) {
                        lengths[symbol++] = v;
                    }
                }
            }
        }
        return new Vp8lHuffman(lengths, alphabet);
    }

    private static void checkSymbol(int s, int alphabet) throws IOException {
        if (s >= alphabet) {
            throw new IOException("invalid VP8L data: symbol " + s + " outside alphabet " + alphabet);
        }
    }

    private int[] decodePixels(int w, int h, int cacheBits, Vp8lHuffman[][] codes, int[] meta, int metaBits,
                               int metaXsize) throws IOException {
        int total = w * h;
        int[] out = new int[total];
        int[] cache = cacheBits > 0 ? new int[1 << cacheBits] : null;
        int cacheShift = 32 - cacheBits;
        int cacheStart = NUM_LITERAL_CODES + NUM_LENGTH_CODES;
        int pos = 0;
        int cached = 0; // pixels before this index are already in the colour cache
        Vp8lHuffman[] single = codes[0];
        while (pos < total) {
            Vp8lHuffman[] g = single;
            if (meta != null) {
                int y = pos / w;
                int x = pos - y * w;
                g = codes[meta[(y >> metaBits) * metaXsize + (x >> metaBits)]];
            }
            int code = g[0].read(br);
            if (code < NUM_LITERAL_CODES) {
                int red = g[1].read(br);
                int blue = g[2].read(br);
                int alpha = g[3].read(br);
                out[pos++] = alpha << 24 | red << 16 | code << 8 | blue;
            } else if (code < cacheStart) {
                int length = prefixValue(code - NUM_LITERAL_CODES);
                int distSymbol = g[4].read(br);
                int dist = planeCodeToDistance(w, prefixValue(distSymbol));
                if (dist > pos || pos + length > total) {
                    throw new IOException("invalid VP8L data: backward reference out of range");
                }
                for (int i = 0; i < length; i++, pos++) {
                    out[pos] = out[pos - dist];
                }
            } else {
                if (cache == null) {
                    throw new IOException("invalid VP8L data: colour cache code without a cache");
                }
                // the cache must hold every pixel decoded so far
                for (; cached < pos; cached++) {
                    cache[(0x1e35a7bd * out[cached]) >>> cacheShift] = out[cached];
                }
                out[pos++] = cache[code - cacheStart];
            }
            if (cache != null && code < cacheStart) {
                for (; cached < pos; cached++) {
                    cache[(0x1e35a7bd * out[cached]) >>> cacheShift] = out[cached];
                }
            }
            if (br.eos()) {
                throw new IOException("invalid VP8L data: truncated");
            }
        }
        return out;
    }

    private int prefixValue(int symbol) {
        if (symbol < 4) {
            return symbol + 1;
        }
        int extra = (symbol - 2) >> 1;
        int offset = (2 + (symbol & 1)) << extra;
        return offset + br.read(extra) + 1;
    }

    private static int planeCodeToDistance(int xsize, int planeCode) {
        if (planeCode > CODE_TO_PLANE.length) {
            return planeCode - CODE_TO_PLANE.length;
        }
        int distCode = CODE_TO_PLANE[planeCode - 1];
        int yoffset = distCode >> 4;
        int xoffset = 8 - (distCode & 0xf);
        int dist = yoffset * xsize + xoffset;
        return Math.max(dist, 1);
    }
}

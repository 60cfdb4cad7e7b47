package io.clipj.internal.image.vp8;

import java.io.IOException;

/**
 * Decodes a VP8 key frame (the {@code VP8 } chunk of a lossy WebP) into its Y, U and V planes exactly as libwebp
 * does, so lossy WebP matches PIL bit for bit. Structure follows libwebp's {@code vp8_dec.c}/{@code frame_dec.c}:
 * headers, per-row intra modes and residual tokens, reconstruction into a small work buffer with libwebp's border
 * conventions (127 above the frame, 129 left of it), then the in-loop filter over the whole frame (prediction
 * only ever reads unfiltered pixels, so filtering after reconstruction is equivalent).
 *
 * <p>Stateless and thread-safe: each call decodes with its own buffers.
 */
public final class Vp8Decoder {

    /** Decoded planes: {@code y} is {@code [height, width]}, {@code u}/{@code v} are {@code [(h+1)/2, (w+1)/2]}. */
    public record Planes(int width, int height, byte[] y, byte[] u, byte[] v) {
    }

    private Vp8Decoder() {
    }

    /** Frame width from the key-frame header at {@code off}. */
    public static int width(byte[] b, int off) {
        return ((b[off + 6] & 0xff) | (b[off + 7] & 0xff) << 8) & 0x3fff;
    }

    /** Frame height from the key-frame header at {@code off}. */
    public static int height(byte[] b, int off) {
        return ((b[off + 8] & 0xff) | (b[off + 9] & 0xff) << 8) & 0x3fff;
    }

    /** Decodes the VP8 frame in {@code data[off, off + len)}. */
    public static Planes decode(byte[] data, int off, int len) throws IOException {
        return decode(data, off, len, Integer.MAX_VALUE / 3);
    }

    /**
     * Decodes the VP8 frame in {@code data[off, off + len)}, refusing a frame that declares more than
     * {@code maxPixels} pixels before anything is allocated for it.
     */
    public static Planes decode(byte[] data, int off, int len, long maxPixels) throws IOException {
        return new Frame(data, off, len, Math.min(maxPixels, Integer.MAX_VALUE / 3)).decode();
    }

    /** One decode's state. */
    private static final class Frame {
        private final byte[] data;
        private final int off;
        private final int end;
        private int width;
        private int height;
        private int mbW;
        private int mbH;
        private Vp8BoolDecoder br;
        private Vp8BoolDecoder[] parts;
        // segment header
        private boolean useSegment;
        private boolean updateMap;
        private boolean absoluteDelta = true;
        private final int[] segQuant = new int[4];
        private final int[] segFilter = new int[4];
        private final int[] segProba = {255, 255, 255};
        // filter header
        private int filterType;
        private int filterLevel;
        private int sharpness;
        private boolean useLfDelta;
        private final int[] refLfDelta = new int[4];
        private final int[] modeLfDelta = new int[4];
        // [segment] quantiser steps: y1 dc/ac, y2 dc/ac, uv dc/ac
        private final int[][] dq = new int[4][6];
        private final int[] proba = new int[4 * 8 * 3 * 11];
        private boolean useSkipProba;
        private int skipProba;

        private final long maxPixels;

        Frame(byte[] data, int off, int len, long maxPixels) {
            this.data = data;
            this.off = off;
            this.end = Math.min(data.length, off + len);
            this.maxPixels = maxPixels;
        }

        private IOException bad(String what) {
            return new IOException("invalid VP8 data: " + what);
        }

        Planes decode() throws IOException {
            if (end - off < 10) {
                throw bad("frame header truncated");
            }
            int bits = (data[off] & 0xff) | (data[off + 1] & 0xff) << 8 | (data[off + 2] & 0xff) << 16;
            boolean keyFrame = (bits & 1) == 0;
            int profile = (bits >> 1) & 7;
            boolean show = ((bits >> 4) & 1) == 1;
            int part0 = bits >>> 5;
            if (!keyFrame || profile > 3 || !show) {
                throw bad("not a displayable key frame");
            }
            if ((data[off + 3] & 0xff) != 0x9d || (data[off + 4] & 0xff) != 0x01 || (data[off + 5] & 0xff) != 0x2a) {
                throw bad("bad start code");
            }
            width = Vp8Decoder.width(data, off);
            height = Vp8Decoder.height(data, off);
            if (width == 0 || height == 0) {
                throw bad("zero image size");
            }
            if ((long) width * height > maxPixels) {
                throw new IOException("VP8 bitstream size " + width + "x" + height + " exceeds the limit of " + maxPixels
                        + " pixels");
            }
            mbW = (width + 15) >> 4;
            mbH = (height + 15) >> 4;
            int p0 = off + 10;
            if (p0 + part0 > end) {
                throw bad("first partition truncated");
            }
            br = new Vp8BoolDecoder(data, p0, part0);
            br.literal(1); // colour space
            br.literal(1); // clamping type (decoders always clamp)
            parseSegmentHeader();
            parseFilterHeader();
            parsePartitions(p0 + part0);
            parseQuant();
            br.literal(1); // refresh entropy probabilities: irrelevant for a single key frame
            parseProba();
            return decodeMacroblocks();
        }

        private void parseSegmentHeader() {
            useSegment = br.literal(1) == 1;
            if (useSegment) {
                updateMap = br.literal(1) == 1;
                if (br.literal(1) == 1) {
                    absoluteDelta = br.literal(1) == 1;
                    for (int s = 0; s < 4; s++) {
                        segQuant[s] = br.literal(1) == 1 ? br.signedLiteral(7) : 0;
                    }
                    for (int s = 0; s < 4; s++) {
                        segFilter[s] = br.literal(1) == 1 ? br.signedLiteral(6) : 0;
                    }
                }
                if (updateMap) {
                    for (int s = 0; s < 3; s++) {
                        segProba[s] = br.literal(1) == 1 ? br.literal(8) : 255;
                    }
                }
            }
        }

        private void parseFilterHeader() {
            boolean simple = br.literal(1) == 1;
            filterLevel = br.literal(6);
            sharpness = br.literal(3);
            useLfDelta = br.literal(1) == 1;
            if (useLfDelta && br.literal(1) == 1) {
                for (int i = 0; i < 4; i++) {
                    if (br.literal(1) == 1) {
                        refLfDelta[i] = br.signedLiteral(6);
                    }
                }
                for (int i = 0; i < 4; i++) {
                    if (br.literal(1) == 1) {
                        modeLfDelta[i] = br.signedLiteral(6);
                    }
                }
            }
            filterType = filterLevel == 0 ? 0 : simple ? 1 : 2;
        }

        private void parsePartitions(int start) throws IOException {
            int last = (1 << br.literal(2)) - 1;
            int sizes = start;
            int partStart = start + 3 * last;
            if (partStart > end) {
                throw bad("partition table truncated");
            }
            parts = new Vp8BoolDecoder[last + 1];
            int left = end - partStart;
            for (int p = 0; p < last; p++) {
                int size = (data[sizes] & 0xff) | (data[sizes + 1] & 0xff) << 8 | (data[sizes + 2] & 0xff) << 16;
                size = Math.min(size, left);
                parts[p] = new Vp8BoolDecoder(data, partStart, size);
                partStart += size;
                left -= size;
                sizes += 3;
            }
            parts[last] = new Vp8BoolDecoder(data, partStart, left);
            if (partStart >= end) {
                throw bad("token partitions truncated");
            }
        }

        private void parseQuant() {
            int base = br.literal(7);
            int y1dc = br.literal(1) == 1 ? br.signedLiteral(4) : 0;
            int y2dc = br.literal(1) == 1 ? br.signedLiteral(4) : 0;
            int y2ac = br.literal(1) == 1 ? br.signedLiteral(4) : 0;
            int uvdc = br.literal(1) == 1 ? br.signedLiteral(4) : 0;
            int uvac = br.literal(1) == 1 ? br.signedLiteral(4) : 0;
            for (int s = 0; s < 4; s++) {
                int q = useSegment ? segQuant[s] + (absoluteDelta ? 0 : base) : base;
                int[] m = dq[s];
                m[0] = Vp8Tables.DC_TABLE[clip(q + y1dc, 127)];
                m[1] = Vp8Tables.AC_TABLE[clip(q, 127)];
                m[2] = Vp8Tables.DC_TABLE[clip(q + y2dc, 127)] * 2;
                // x * 155 / 100 for every table value, as libwebp computes it
                m[3] = Math.max((Vp8Tables.AC_TABLE[clip(q + y2ac, 127)] * 101581) >> 16, 8);
                m[4] = Vp8Tables.DC_TABLE[clip(q + uvdc, 117)];
                m[5] = Vp8Tables.AC_TABLE[clip(q + uvac, 127)];
            }
        }

        private static int clip(int v, int max) {
            return v < 0 ? 0 : Math.min(v, max);
        }

        private void parseProba() {
            for (int i = 0; i < proba.length; i++) {
                proba[i] = br.bit(Vp8Tables.COEFFS_UPDATE_PROBA[i]) == 1 ? br.literal(8) : Vp8Tables.COEFFS_PROBA0[i];
            }
            useSkipProba = br.literal(1) == 1;
            if (useSkipProba) {
                skipProba = br.literal(8);
            }
        }

        private Planes decodeMacroblocks() throws IOException {
            Vp8Macroblocks mbs = new Vp8Macroblocks(mbW, mbH, proba, dq, segProba, updateMap, useSkipProba, skipProba);
            Vp8Reconstructor rec = new Vp8Reconstructor(mbW, mbH);
            int[][] strengths = filterStrengths();
            for (int mbY = 0; mbY < mbH; mbY++) {
                mbs.parseModeRow(br);
                Vp8BoolDecoder tokens = parts[mbY & (parts.length - 1)];
                for (int mbX = 0; mbX < mbW; mbX++) {
                    mbs.parseResiduals(tokens, mbX);
                    if (filterType > 0) {
                        int[] f = strengths[mbs.segment(mbX) * 2 + (mbs.isI4x4(mbX) ? 1 : 0)];
                        rec.setFilter(mbX, mbY, f[0], f[1], f[2], f[3] == 1 || mbs.hasCoefficients(mbX));
                    }
                }
                mbs.endRow();
                rec.reconstructRow(mbY, mbs);
            }
            if (filterType > 0) {
                rec.loopFilter(filterType == 1);
            }
            return rec.planes(width, height);
        }

        /** libwebp's {@code PrecomputeFilterStrengths}: [segment * 2 + i4x4] = {limit, ilevel, hev, inner}. */
        private int[][] filterStrengths() {
            int[][] out = new int[8][];
            for (int s = 0; s < 4; s++) {
                int base = useSegment ? segFilter[s] + (absoluteDelta ? 0 : filterLevel) : filterLevel;
                for (int i4 = 0; i4 <= 1; i4++) {
                    int level = base;
                    if (useLfDelta) {
                        level += refLfDelta[0];
                        if (i4 == 1) {
                            level += modeLfDelta[0];
                        }
                    }
                    level = clip(level, 63);
                    int limit = 0;
                    int ilevel = 0;
                    int hev = 0;
                    if (level > 0) {
                        ilevel = level;
                        if (sharpness > 0) {
                            ilevel >>= sharpness > 4 ? 2 : 1;
                            ilevel = Math.min(ilevel, 9 - sharpness);
                        }
                        ilevel = Math.max(ilevel, 1);
                        limit = 2 * level + ilevel;
                        hev = level >= 40 ? 2 : level >= 15 ? 1 : 0;
                    }
                    out[s * 2 + i4] = new int[] {limit, ilevel, hev, i4};
                }
            }
            return out;
        }
    }
}

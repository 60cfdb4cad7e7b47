package io.clipj.internal.image.vp8;

import java.io.IOException;

/**
 * A canonical Huffman code of a VP8L stream (codes are assigned in symbol order by length, as in DEFLATE, and
 * read first-bit-first from an LSB-first stream). Codes up to 8 bits decode through one table lookup, longer ones
 * bit by bit. A code with a single used symbol takes zero bits, as libwebp treats it.
 *
 * <p>Immutable after construction and thread-safe.
 */
public final class Vp8lHuffman {

    private static final int ROOT_BITS = 8;
    private static final int MAX_LENGTH = 15;

    private final int single; // the symbol of a zero-bit code, else -1
    // root table: (symbol << 4) | length, or 0 when the code is longer than ROOT_BITS
    private final int[] root = new int[1 << ROOT_BITS];
    private final int[] count = new int[MAX_LENGTH + 1];
    private final int[] sorted;

    public Vp8lHuffman(int[] lengths, int n) throws IOException {
        int used = 0;
        int last = -1;
        for (int s = 0; s < n; s++) {
            if (lengths[s] > MAX_LENGTH || lengths[s] < 0) {
                throw new IOException("invalid VP8L data: code length " + lengths[s]);
            }
            if (lengths[s] > 0) {
                count[lengths[s]]++;
                used++;
                last = s;
            }
        }
        if (used == 0) {
            throw new IOException("invalid VP8L data: empty Huffman code");
        }
        sorted = new int[used];
        if (used == 1) {
            single = last;
            sorted[0] = last;
            return;
        }
        single = -1;
        int left = 1;
        for (int len = 1; len <= MAX_LENGTH; len++) {
            left = (left << 1) - count[len];
            if (left < 0) {
                throw new IOException("invalid VP8L data: over-subscribed Huffman code");
            }
        }
        if (left != 0) {
            throw new IOException("invalid VP8L data: incomplete Huffman code");
        }
        int[] offs = new int[MAX_LENGTH + 2];
        for (int len = 1; len <= MAX_LENGTH; len++) {
            offs[len + 1] = offs[len] + count[len];
        }
        int[] next = offs.clone();
        for (int s = 0; s < n; s++) {
            if (lengths[s] > 0) {
                sorted[next[lengths[s]]++] = s;
            }
        }
        // root table: canonical codes of length <= ROOT_BITS, bit-reversed because the stream is LSB first
        int code = 0;
        int idx = 0;
        for (int len = 1; len <= ROOT_BITS; len++) {
            for (int k = 0; k < count[len]; k++, idx++, code++) {
                int rev = Integer.reverse(code) >>> (32 - len);
                for (int fillIdx = rev; fillIdx < root.length; fillIdx += 1 << len) {
                    root[fillIdx] = (sorted[idx] << 4) | len;
                }
            }
            code <<= 1;
        }
    }

    public int read(Vp8lBitReader br) {
        if (single >= 0) {
            return single;
        }
        int e = root[br.peek(ROOT_BITS)];
        if (e != 0) {
            br.skip(e & 15);
            return e >>> 4;
        }
        // canonical decode, one bit at a time (puff's method)
        int bitsAhead = br.peek(MAX_LENGTH);
        int code = 0;
        int first = 0;
        int index = 0;
        for (int len = 1; len <= MAX_LENGTH; len++) {
            code |= (bitsAhead >>> (len - 1)) & 1;
            int c = count[len];
            if (code - first < c) {
                br.skip(len);
                return sorted[index + code - first];
            }
            index += c;
            first += c;
            first <<= 1;
            code <<= 1;
        }
        br.skip(MAX_LENGTH);
        return sorted[0];
    }
}

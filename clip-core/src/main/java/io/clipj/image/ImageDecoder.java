package io.clipj.image;

import io.clipj.internal.image.ByteArrayInput;
import io.clipj.internal.image.IcoFile;
import io.clipj.internal.image.ImageFormat;
import io.clipj.internal.image.JpegColor;
import io.clipj.internal.image.JpegHeader;
import io.clipj.internal.image.PilConvert;
import io.clipj.internal.image.PngChunks;
import io.clipj.internal.image.PnmScaled;
import io.clipj.internal.image.WebpLayout;
import io.clipj.internal.image.WebpDecoder;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes PNG, JPEG, WebP, BMP, GIF (first frame), TIFF (first page), PPM/PGM/PBM, TGA and ICO (the image PIL
 * picks, see {@link IcoFile}) into 8-bit RGB the way PIL 9.4's
 * {@code Image.open(...).convert("RGB")} does: embedded ICC profiles and EXIF orientation are not applied,
 * alpha is dropped (see {@link PilConvert}); JPEG components are converted with libjpeg's own integer formulas
 * ({@link JpegColor}). The header is read first and images larger than the {@link PixelLimit} are refused
 * before pixel memory is allocated. Every failure is an {@link ImageDecodeException} naming the source.
 *
 * <p>Immutable and thread-safe: each call uses its own {@link ImageReader}.
 */
public final class ImageDecoder {

    /** Largest image file read into memory (1 GiB; an uncompressed BMP at PIL's pixel limit is about half). */
    public static final long MAX_FILE_BYTES = 1L << 30;

    private final PixelLimit limit;

    public ImageDecoder(PixelLimit limit) {
        this.limit = limit;
    }

    /** A decoder with the default pixel limit ({@link PixelLimit#DEFAULT}: PIL's unless configured). */
    public ImageDecoder() {
        this(PixelLimit.DEFAULT);
    }

    /**
     * Decodes a file. A directory, device ({@code /dev/zero} never ends) or FIFO (opening one blocks) is refused
     * unread, and so is a file larger than {@link #MAX_FILE_BYTES}.
     */
    public RgbImage decode(Path file) throws IOException {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new ImageDecodeException(file.toString(), "not a regular file (a directory, device or FIFO),"
                    + " not an image");
        }
        if (Files.exists(file) && Files.size(file) > MAX_FILE_BYTES) {
            throw new ImageDecodeException(file.toString(), Files.size(file) + " bytes, more than the "
                    + MAX_FILE_BYTES + " an image file may have");
        }
        return decode(Files.readAllBytes(file), file.toString());
    }

    public RgbImage decode(InputStream in, String source) throws IOException {
        return decode(in.readAllBytes(), source);
    }

    /** Decodes an encoded image; {@code source} names it in error messages. */
    public RgbImage decode(byte[] data, String source) throws ImageDecodeException {
        if (data.length == 0) {
            throw new ImageDecodeException(source, "empty file, not an image");
        }
        ImageFormat format = ImageFormat.sniff(data);
        if (format == null) {
            throw new ImageDecodeException(source, "unrecognised image format (expected PNG, JPEG, WebP, BMP,"
                    + " GIF, TIFF, PNM, TGA or ICO; file starts with " + hex(data) + ")");
        }
        if (format == ImageFormat.ICO) {
            return decode(IcoFile.largestImage(data, source), source);
        }
        if (format == ImageFormat.PNM) {
            PnmScaled.Header pnm = PnmScaled.scaledHeader(data, source);
            if (pnm != null) {
                limit.check(source, pnm.width(), pnm.height());
                return PnmScaled.decode(data, pnm, source);
            }
        }
        if (format == ImageFormat.WEBP) {
            // TwelveMonkeys decodes a cut-off WebP without complaint (slowly, reading zeros); libwebp refuses it
            long riff = (data[4] & 0xffL) | (data[5] & 0xffL) << 8 | (data[6] & 0xffL) << 16 | (data[7] & 0xffL) << 24;
            if (riff + 8 > data.length) {
                throw new ImageDecodeException(source, "truncated WebP data (the RIFF header declares " + (riff + 8)
                        + " bytes, the file has " + data.length + ")");
            }
            checkWebpSizes(data, source);
        }
        ImageReader reader = reader(format, source);
        TruncationWatch watch = new TruncationWatch();
        reader.addIIOReadWarningListener(watch);
        try (ImageInputStream in = new ByteArrayInput(data)) {
            reader.setInput(in, true, true);
            limit.check(source, reader.getWidth(0), reader.getHeight(0));
            RgbImage rgb = switch (format) {
                case JPEG -> jpeg(reader, data, source);
                case PNG -> PilConvert.toRgb(reader.read(0), PngChunks.paletteEntries(data));
                case WEBP -> webp(reader, data, limit.maxPixels());
                default -> PilConvert.toRgb(reader.read(0), -1);
            };
            if (watch.warning != null) {
                throw new ImageDecodeException(source, "truncated or corrupt " + format + " data (" + watch.warning + ")");
            }
            return rgb;
        } catch (ImageDecodeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
            Throwable cause = e.getCause();
            if (cause != null && cause != e) {
                // ImageIO wraps what went wrong (an OutOfMemoryError included) as "Caught exception during read:"
                msg += " (" + (cause instanceof OutOfMemoryError ? "out of memory: " : "") + cause.getMessage() + ")";
            }
            throw new ImageDecodeException(source, "cannot decode " + format + " data: " + msg, e);
        } finally {
            reader.dispose();
        }
    }

    /** PIL-style RGB from an image already in memory (alpha dropped, palette looked up, gray replicated). */
    public static RgbImage fromBufferedImage(BufferedImage image) {
        return PilConvert.toRgb(image, -1);
    }

    private static ImageReader reader(ImageFormat format, String source) throws ImageDecodeException {
        Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(format.imageIoName());
        if (!it.hasNext()) {
            throw new ImageDecodeException(source, "no ImageIO reader for " + format + " on the class path");
        }
        return it.next();
    }

    /**
     * The pixel limit on every bitstream's own size (decoders allocate by it, not by the canvas), and each
     * bitstream matching its canvas or frame, before any decoder runs.
     */
    private void checkWebpSizes(byte[] data, String source) throws ImageDecodeException {
        WebpLayout layout;
        try {
            layout = WebpLayout.parse(data);
        } catch (WebpLayout.Malformed e) {
            throw new ImageDecodeException(source, "corrupt WebP data (" + e.getMessage() + ")");
        }
        for (WebpLayout.Bitstream s : layout.bitstreams()) {
            limit.check(source, s.chunk().strip() + " bitstream size", s.width(), s.height());
        }
        String mismatch = layout.mismatch();
        if (mismatch != null) {
            throw new ImageDecodeException(source, "corrupt WebP data (" + mismatch + ")");
        }
    }

    /** WebP through our VP8/VP8L decoders ({@link WebpDecoder}); animations through the ImageIO reader (first frame). */
    private static RgbImage webp(ImageReader reader, byte[] data, long maxPixels) throws IOException {
        int chunk = WebpDecoder.imageChunkOffset(data);
        if (chunk >= 0) {
            return WebpDecoder.isLossless(data, chunk) ? WebpDecoder.decodeLossless(data, chunk, maxPixels)
                    : WebpDecoder.decodeLossy(data, chunk, maxPixels);
        }
        return PilConvert.toRgb(reader.read(0), -1);
    }

    /** Raw components through readRaster (no ICC conversion), then libjpeg's colour conversion. */
    private static RgbImage jpeg(ImageReader reader, byte[] data, String source) throws IOException {
        JpegHeader header = JpegHeader.parse(data);
        if (header == null) {
            throw new ImageDecodeException(source, "not a valid JPEG (no frame header before the image data)");
        }
        Raster raw = reader.readRaster(0, null);
        int n = raw.getNumBands();
        if (n != header.componentIds().length) {
            throw new ImageDecodeException(source, "JPEG decoder returned " + n + " components, the frame header"
                    + " declares " + header.componentIds().length);
        }
        int w = raw.getWidth();
        int h = raw.getHeight();
        byte[] px = interleave(raw, n);
        byte[] rgb = switch (header.space()) {
            case GRAY -> {
                byte[] out = new byte[w * h * 3];
                for (int i = 0, o = 0; i < w * h; i++) {
                    out[o++] = px[i];
                    out[o++] = px[i];
                    out[o++] = px[i];
                }
                yield out;
            }
            case YCBCR -> {
                JpegColor.yccToRgb(px, w * h);
                yield px;
            }
            case RGB -> px;
            case CMYK -> JpegColor.invertedCmykToRgb(px, w * h);
            case YCCK -> {
                JpegColor.ycckToCmyk(px, w * h);
                yield JpegColor.invertedCmykToRgb(px, w * h);
            }
        };
        return new RgbImage(w, h, rgb);
    }

    // [H, W, n] bytes from any raster layout
    private static byte[] interleave(Raster r, int n) {
        int w = r.getWidth();
        int h = r.getHeight();
        byte[] out = new byte[w * h * n];
        if (r.getSampleModel() instanceof java.awt.image.PixelInterleavedSampleModel sm
                && r.getDataBuffer() instanceof java.awt.image.DataBufferByte db && db.getNumBanks() == 1
                && r.getParent() == null && sm.getPixelStride() == n && inOrder(sm.getBandOffsets())) {
            // rows are already [W, n]: copy them
            byte[] src = db.getData();
            for (int y = 0; y < h; y++) {
                System.arraycopy(src, db.getOffset() + y * sm.getScanlineStride(), out, y * w * n, w * n);
            }
            return out;
        }
        int[] row = new int[w * n];
        for (int y = 0; y < h; y++) {
            r.getPixels(r.getMinX(), r.getMinY() + y, w, 1, row);
            int o = y * w * n;
            for (int i = 0; i < row.length; i++) {
                out[o + i] = (byte) row[i];
            }
        }
        return out;
    }

    private static boolean inOrder(int[] bandOffsets) {
        for (int i = 0; i < bandOffsets.length; i++) {
            if (bandOffsets[i] != i) {
                return false;
            }
        }
        return true;
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(8, b.length); i++) {
            s.append(String.format("%02x", b[i] & 0xff));
        }
        return "0x" + s;
    }

    /**
     * Java's JPEG reader reports running out of data as a warning and fills the rest with gray; PIL raises
     * "image file is truncated". Any warning about premature end of data is turned into an error.
     */
    private static final class TruncationWatch implements IIOReadWarningListener {
        private String warning;

        @Override
        public void warningOccurred(ImageReader source, String message) {
            String m = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
            if (warning == null && (m.contains("premature") || m.contains("truncat") || m.contains("end of"))) {
                warning = message;
            }
        }
    }
}

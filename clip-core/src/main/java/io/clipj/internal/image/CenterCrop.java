package io.clipj.internal.image;

import io.clipj.image.RgbImage;

/**
 * HF's {@code image_transforms.center_crop} on 8-bit RGB: offsets {@code (h - crop_h) // 2} and
 * {@code (w - crop_w) // 2} (floor division); when the image is smaller than the crop it is first placed on a
 * zero canvas at {@code ceil((crop - size) / 2)}, so the output is always {@code crop_h × crop_w} and the
 * padding is black (0 before normalisation).
 *
 * <p>Stateless and thread-safe.
 */
public final class CenterCrop {

    private CenterCrop() {
    }

    public static RgbImage crop(RgbImage img, int cropH, int cropW) {
        int h = img.height();
        int w = img.width();
        if (h == cropH && w == cropW) {
            return img;
        }
        int top = Math.floorDiv(h - cropH, 2);
        int left = Math.floorDiv(w - cropW, 2);
        if (top < 0 || left < 0 || top + cropH > h || left + cropW > w) {
            int canvasH = Math.max(cropH, h);
            int canvasW = Math.max(cropW, w);
            int topPad = (canvasH - h + 1) / 2;
            int leftPad = (canvasW - w + 1) / 2;
            top += topPad;
            left += leftPad;
            // source pixel (y, x) sits at canvas (y + topPad, x + leftPad); output (i, j) is canvas (top+i, left+j)
            return copy(img, cropH, cropW, top - topPad, left - leftPad);
        }
        return copy(img, cropH, cropW, top, left);
    }

    /** Output (i, j) = source (srcTop + i, srcLeft + j), zero outside the source. */
    private static RgbImage copy(RgbImage img, int cropH, int cropW, int srcTop, int srcLeft) {
        byte[] src = img.rgb();
        byte[] out = new byte[cropH * cropW * 3];
        int w = img.width();
        int x0 = Math.max(0, -srcLeft);
        int x1 = Math.min(cropW, w - srcLeft);
        for (int i = 0; i < cropH; i++) {
            int sy = srcTop + i;
            if (sy < 0 || sy >= img.height() || x1 <= x0) {
                continue;
            }
            System.arraycopy(src, (sy * w + srcLeft + x0) * 3, out, (i * cropW + x0) * 3, (x1 - x0) * 3);
        }
        return new RgbImage(cropW, cropH, out);
    }
}

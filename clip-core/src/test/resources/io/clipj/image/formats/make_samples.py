#!/usr/bin/python3
"""Makes the ICO/TIFF/PNM/TGA samples in this folder and their PIL reference arrays.

Run with Debian's python3-pil (Pillow 9.4) and python3-numpy, from this folder:
    /usr/bin/python3 make_samples.py ../../../../../../../../../shared/images/chelsea.png

For every sample NAME it writes
  NAME             the encoded file (ICO, TIFF, PPM/PGM/PBM or TGA; some named with a wrong extension on purpose)
  NAME.rgb.npy     int32 [H, W, 3]: Image.open(NAME).convert("RGB")
  NAME.pixels.npy  float32 [3, 32, 32]: CLIPImageProcessor's pixel_values [3, 224, 224] (openai/clip-vit-base-patch32
                   settings) taken at every 7th row and column ([:, ::7, ::7])
The preprocessing below is HF CLIPImageProcessor's, step by step (the same steps made golden/tiny/pixel_values.npy):
shortest edge to 224 with PIL BICUBIC on the uint8 RGB image, the long side int(224 * long / short), centre crop
at (h - 224) // 2, (w - 224) // 2, x 1/255 in float64 then float32, (x - mean) / std in float32.
"""
import io
import struct
import sys

import numpy as np
from PIL import Image

MEAN = np.array([0.48145466, 0.4578275, 0.40821073], dtype=np.float32)
STD = np.array([0.26862954, 0.26130258, 0.27577711], dtype=np.float32)


def preprocess(rgb):
    w, h = rgb.size
    short, long = (w, h) if w <= h else (h, w)
    new_short, new_long = 224, int(224 * long / short)
    size = (new_short, new_long) if w <= h else (new_long, new_short)
    resized = np.asarray(rgb.resize(size, Image.BICUBIC))
    top, left = (resized.shape[0] - 224) // 2, (resized.shape[1] - 224) // 2
    crop = resized[top:top + 224, left:left + 224]
    x = (crop.astype(np.float64) * (1 / 255)).astype(np.float32)
    x = (x - MEAN) / STD
    return x.transpose(2, 0, 1).astype(np.float32)


def reference(name):
    with Image.open(name) as im:
        fmt = im.format
        rgb = im.convert("RGB")
    np.save(name + ".rgb.npy", np.asarray(rgb).astype(np.int32))
    np.save(name + ".pixels.npy", np.ascontiguousarray(preprocess(rgb)[:, ::7, ::7]))
    print(f"{name}: PIL format {fmt}, size {rgb.size}")


def dib(im, bpp):
    """A BMP DIB as stored in an ICO entry: BITMAPINFOHEADER with doubled height, bottom-up XOR rows, AND mask."""
    w, h = im.size
    palette = b""
    if bpp == 32:
        a = np.asarray(im.convert("RGBA"))
        rows = [a[y][:, [2, 1, 0, 3]].tobytes() for y in range(h)]
    elif bpp == 24:
        a = np.asarray(im.convert("RGB"))
        rows = [a[y][:, ::-1].tobytes() for y in range(h)]
    else:  # 8-bit palette
        p = im.convert("RGB").quantize(colors=200)
        pal = p.getpalette()[:200 * 3]
        palette = b"".join(bytes([pal[3 * i + 2], pal[3 * i + 1], pal[3 * i], 0]) for i in range(200))
        rows = [np.asarray(p)[y].astype(np.uint8).tobytes() for y in range(h)]
    stride = (len(rows[0]) + 3) // 4 * 4
    xor = b"".join(r.ljust(stride, b"\0") for r in reversed(rows))
    mask_stride = ((w + 31) // 32) * 4
    mask = bytearray(mask_stride * h)
    for y in range(h):  # a transparent diagonal band: PIL turns it into alpha, convert("RGB") drops it
        for x in range(w):
            if (x + y) % 7 == 0:
                row = h - 1 - y
                mask[row * mask_stride + x // 8] |= 0x80 >> (x % 8)
    colors = 200 if bpp == 8 else 0
    header = struct.pack("<IiiHHIIiiII", 40, w, 2 * h, 1, bpp, 0, len(xor) + len(mask), 0, 0, colors, 0)
    return header + palette + xor + bytes(mask)


def ico(path, entries):
    """entries: (width, height, bpp, payload bytes) in file order."""
    out = struct.pack("<HHH", 0, 1, len(entries))
    offset = 6 + 16 * len(entries)
    body = b""
    for w, h, bpp, payload in entries:
        out += struct.pack("<BBBBHHII", w % 256, h % 256, 0, 0, 1, bpp, len(payload), offset + len(body))
        body += payload
    with open(path, "wb") as f:
        f.write(out + body)


def png_bytes(im):
    b = io.BytesIO()
    im.save(b, "PNG")
    return b.getvalue()


def main(source):
    photo = Image.open(source).convert("RGB")
    base = photo.crop((200, 60, 240, 90))  # 40x30 of fur and eye: detail that resampling sees
    square = photo.crop((180, 40, 212, 72))  # 32x32
    small = photo.crop((100, 100, 116, 116)).convert("RGBA")
    alpha = Image.linear_gradient("L").resize(base.size)

    # ICO: PIL picks the largest entry (ties: the higher colour depth, then the later entry)
    ico("icon_named_png.png", [(16, 16, 32, dib(small, 32)), (32, 32, 32, dib(square.convert("RGBA"), 32)),
                               (24, 24, 8, dib(square.resize((24, 24)), 8))])
    ico("icon_tie.ico", [(32, 32, 8, dib(square, 8)), (32, 32, 24, dib(square.rotate(90), 24)),
                         (16, 16, 32, dib(small, 32))])
    ico("icon_png_frames.ico", [(16, 16, 32, png_bytes(small)), (32, 32, 32, png_bytes(square.convert("RGBA")))])
    ico("icon_8bit.ico", [(32, 32, 8, dib(square, 8))])

    # TIFF: uncompressed, LZW, Deflate; RGB, RGBA, gray, palette; several strips; horizontal predictor
    base.save("rgb_raw.tif")
    base.save("rgb_lzw.tif", compression="tiff_lzw")
    base.save("rgb_deflate.tif", compression="tiff_adobe_deflate")
    base.save("rgb_lzw_predictor.tiff", compression="tiff_lzw", tiffinfo={317: 2, 278: 7})
    rgba = base.copy()
    rgba.putalpha(alpha)
    rgba.save("rgba_deflate.tif", compression="tiff_adobe_deflate")
    base.convert("L").save("gray_lzw.tif", compression="tiff_lzw")
    base.quantize(colors=64).save("palette_raw.tif")

    # PNM: binary and plain RGB, gray, bitmap, 16-bit gray, maxval other than 255
    base.save("rgb.ppm")
    base.convert("L").save("gray.pgm")
    base.convert("1").save("bitmap.pbm")
    a = np.asarray(base)
    with open("rgb_plain.ppm", "w") as f:
        f.write("P3\n# plain PPM\n%d %d\n255\n" % base.size)
        f.write("\n".join(" ".join(str(v) for v in row.reshape(-1)) for row in a) + "\n")
    g = np.asarray(base.convert("L")).astype(np.uint32)
    with open("gray_maxval100.pgm", "wb") as f:
        f.write(b"P5 %d %d 100\n" % base.size + (g * 100 // 255).astype(np.uint8).tobytes())
    with open("gray16.pgm", "wb") as f:
        f.write(b"P5\n%d %d\n65535\n" % base.size + (g * 3).astype(">u2").tobytes())  # 0..765: convert clamps
    with open("rgb48.ppm", "wb") as f:  # 16-bit RGB: PIL scales to 8 bits with round(v / maxval * 255)
        f.write(b"P6\n%d %d\n65535\n" % base.size + (a.astype(np.uint32) * 257 + 128).astype(">u2").tobytes())
    with open("rgb_maxval1023.ppm", "wb") as f:
        f.write(b"P6\n%d %d\n1023\n" % base.size + (a.astype(np.uint32) * 4 + 1).astype(">u2").tobytes())
    with open("gray_plain_maxval15.pgm", "w") as f:
        f.write("P2\n%d %d\n15\n" % base.size)
        f.write("\n".join(" ".join(str(v // 17) for v in row) for row in g) + "\n")
    with open("gray_maxval1000.pgm", "wb") as f:  # mode I in PIL: round(v / 1000 * 65535), then clamped
        f.write(b"P5\n%d %d\n1000\n" % base.size + (g // 64).astype(">u2").tobytes())

    # TGA: bottom-up and top-down, uncompressed and RLE, RGB, RGBA, gray, colour-mapped
    base.save("rgb_bottom_up.tga")
    base.save("rgb_top_down_rle.tga", compression="tga_rle", orientation=1)
    rgba.save("rgba_rle.tga", compression="tga_rle")
    base.convert("L").save("gray.tga")
    base.quantize(colors=64).save("palette.tga")

    for name in ["icon_named_png.png", "icon_tie.ico", "icon_png_frames.ico", "icon_8bit.ico",
                 "rgb_raw.tif", "rgb_lzw.tif", "rgb_deflate.tif", "rgb_lzw_predictor.tiff", "rgba_deflate.tif",
                 "gray_lzw.tif", "palette_raw.tif", "rgb.ppm", "gray.pgm", "bitmap.pbm", "rgb_plain.ppm",
                 "gray_maxval100.pgm", "gray16.pgm", "rgb48.ppm", "rgb_maxval1023.ppm", "gray_plain_maxval15.pgm",
                 "gray_maxval1000.pgm", "rgb_bottom_up.tga", "rgb_top_down_rle.tga", "rgba_rle.tga",
                 "gray.tga", "palette.tga"]:
        reference(name)


if __name__ == "__main__":
    main(sys.argv[1])

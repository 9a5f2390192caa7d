#!/usr/bin/python3
"""Write the small sample images used by the encoder and plugin tests.

The source photographs are scikit-image's bundled sample data (Debian package python3-skimage),
all public domain / CC0 / "no known copyright restrictions" (see SOURCES.md written next to them).
Each is downscaled to at most 320 px on the long side (some smaller, to keep the folder small)
and re-encoded to exercise a decoder: EXIF orientation, alpha, greyscale, palette GIF, BMP, WebP,
16-bit PNG (grey and RGB), CMYK JPEG, progressive JPEG, and a corrupt file.

Usage:
    /usr/bin/python3 src/tools/make_sample_images.py \
        --out src/encoder/src/test/resources/images
"""

import argparse
import importlib.util
import os
import random
import struct
import zlib

from PIL import Image, features

EXIF_ORIENTATION = 0x0112


def skimage_data_dir():
    spec = importlib.util.find_spec("skimage")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("scikit-image is not installed: apt-get install -y python3-skimage")
    path = os.path.join(list(spec.submodule_search_locations)[0], "data")
    if not os.path.isfile(os.path.join(path, "chelsea.png")):
        raise SystemExit(f"scikit-image sample data not found under {path}")
    return path


def load(data_dir, name, long_side):
    """Opens a source photo and downscales it (Lanczos) so its long side is at most long_side."""
    im = Image.open(os.path.join(data_dir, name))
    im.load()
    w, h = im.size
    scale = long_side / max(w, h)
    if scale < 1:
        im = im.resize((max(1, round(w * scale)), max(1, round(h * scale))), Image.LANCZOS)
    return im


def save_jpeg(im, path, **kw):
    im.save(path, "JPEG", quality=90, **kw)


def write_png_rgb16(im, path):
    """Writes an 8-bit RGB image as a 16-bit-per-channel RGB PNG (PIL cannot write RGB;16).

    Each sample v becomes v * 257, so the high byte, and round(v16 * 255 / 65535), both give v back:
    any sane 16 -> 8 bit reduction yields the original 8-bit pixels.
    """
    im = im.convert("RGB")
    w, h = im.size
    px = im.tobytes()
    raw = bytearray()
    for y in range(h):
        raw.append(0)  # filter type None
        row = px[y * w * 3:(y + 1) * w * 3]
        for v in row:
            raw += struct.pack(">H", v * 257)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", w, h, 16, 2, 0, 0, 0)  # 16-bit, colour type 2 (RGB)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", ihdr))
        f.write(chunk(b"IDAT", zlib.compress(bytes(raw), 9)))
        f.write(chunk(b"IEND", b""))


def rgb_to_cmyk_gcr(im):
    """RGB -> CMYK with full grey-component replacement (K = 255 - max(R,G,B)).

    PIL's own RGB->CMYK conversion always sets K = 0, which is not what real CMYK files look like.
    PIL converts back with R = (255 - C) * (255 - K) / 255, so this round-trips to within rounding.
    """
    r, g, b = im.convert("RGB").split()
    rp, gp, bp = r.load(), g.load(), b.load()
    w, h = im.size
    out = Image.new("CMYK", (w, h))
    op = out.load()
    for y in range(h):
        for x in range(w):
            rv, gv, bv = rp[x, y], gp[x, y], bp[x, y]
            mx = max(rv, gv, bv)
            k = 255 - mx
            if mx == 0:
                op[x, y] = (0, 0, 0, 255)
            else:
                op[x, y] = tuple(round(255 - v * 255 / mx) for v in (rv, gv, bv)) + (k,)
    return out


def alpha_mask(size):
    """An alpha channel: opaque ellipse in the middle fading to fully transparent at the corners."""
    w, h = size
    mask = Image.new("L", size)
    mp = mask.load()
    cx, cy = (w - 1) / 2, (h - 1) / 2
    for y in range(h):
        for x in range(w):
            d = ((x - cx) / (w / 2)) ** 2 + ((y - cy) / (h / 2)) ** 2
            mp[x, y] = 255 if d <= 0.5 else max(0, round(255 * (1.0 - (d - 0.5) / 0.5)))
    return mask


def make_images(out):
    os.makedirs(out, exist_ok=True)
    src = skimage_data_dir()
    made = []

    def path(name):
        made.append(name)
        return os.path.join(out, name)

    # Ordinary RGB JPEGs of distinct subjects.
    cat = load(src, "chelsea.png", 320).convert("RGB")
    save_jpeg(cat, path("cat.jpg"))
    coffee = load(src, "coffee.png", 320).convert("RGB")
    save_jpeg(coffee, path("coffee.jpg"))
    save_jpeg(load(src, "astronaut.png", 320).convert("RGB"), path("astronaut.jpg"))
    # Progressive JPEG (decoders must handle multi-scan files).
    rocket = load(src, "rocket.jpg", 320).convert("RGB")
    save_jpeg(rocket, path("rocket-progressive.jpg"), progressive=True)

    # EXIF orientation 6 ("rotate 90 degrees clockwise to display"): the stored pixels are the
    # upright photo turned 90 degrees counter-clockwise; a correct decoder shows it landscape again.
    exif = Image.Exif()
    exif[EXIF_ORIENTATION] = 6
    save_jpeg(coffee.transpose(Image.ROTATE_90), path("coffee-rotated-exif6.jpg"), exif=exif.tobytes())

    # RGBA PNG: the colour under transparent pixels is the untouched photo.
    rgba = load(src, "rocket.jpg", 160).convert("RGB")
    rgba.putalpha(alpha_mask(rgba.size))
    rgba.save(path("rocket-alpha.png"), "PNG", optimize=True)

    # Greyscale (8-bit, one channel) JPEG.
    save_jpeg(load(src, "camera.png", 256).convert("L"), path("camera-grey.jpg"))

    # Palette GIF (adaptive 256-colour palette, no dithering so it is reproducible).
    hubble = load(src, "hubble_deep_field.jpg", 240).convert("RGB")
    hubble.quantize(colors=256, method=Image.MEDIANCUT, dither=Image.Dither.NONE).save(path("hubble-deep-field.gif"), "GIF")

    # Uncompressed 24-bit BMP (kept small: BMP is not compressed).
    load(src, "retina.jpg", 128).convert("RGB").save(path("retina.bmp"), "BMP")

    # WebP (lossy).
    if features.check("webp"):
        load(src, "ihc.png", 240).convert("RGB").save(path("ihc.webp"), "WEBP", quality=80, method=6)
    else:
        print("PIL here cannot write WebP: ihc.webp skipped")

    # 16-bit PNGs: greyscale via PIL (mode I;16) and RGB written by hand.
    coins = load(src, "coins.png", 160).convert("L")
    coins16 = Image.new("I;16", coins.size)
    coins16.frombytes(bytes(b for v in coins.tobytes() for b in struct.pack("<H", v * 257)), "raw", "I;16")
    coins16.save(path("coins-grey16.png"), "PNG")
    write_png_rgb16(load(src, "astronaut.png", 128), path("astronaut-rgb16.png"))

    # CMYK JPEG (PIL writes Adobe-style inverted CMYK with an APP14 marker, no ICC profile).
    save_jpeg(rgb_to_cmyk_gcr(load(src, "chelsea.png", 200)), path("cat-cmyk.jpg"))

    # Corrupt: a real JPEG's SOI + JFIF APP0 header, then seeded garbage (no frame header at all).
    with open(os.path.join(out, "cat.jpg"), "rb") as f:
        head = f.read(20)
    rng = random.Random(7)
    with open(path("corrupt.jpg"), "wb") as f:
        f.write(head + bytes(rng.randrange(256) for _ in range(700)))
    return made


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True, help="directory to write the images into")
    args = p.parse_args()
    for name in make_images(args.out):
        full = os.path.join(args.out, name)
        print(f"{os.path.getsize(full):8d}  {full}")


if __name__ == "__main__":
    main()

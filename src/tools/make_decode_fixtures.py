#!/usr/bin/python3
"""Write the decoder parity fixtures: small encoded images and what PIL decodes them to.

CLIP's reference preprocessing opens images with PIL, and PIL hands out the stored samples: it never applies an
embedded ICC profile, and it decodes WebP with libwebp. Each input written here exercises one of those facts; next
to it, <name>.pil.png holds PIL's Image.open(<name>).convert("RGB") as a lossless PNG, so the Java test can compare
every pixel (PNG decoding is exact in both).

Inputs (64x43 or so, downscaled from scikit-image's sample photos like make_sample_images.py does):
    adobe-rgb.jpg            RGB JPEG with an Adobe RGB (1998) compatible profile (icc-profiles-free, Zlib licence)
    prophoto.jpg             RGB JPEG with colord's ProPhoto RGB profile (colord-data, CC0)
    cmyk-profile.jpg         inverted (Adobe APP14) CMYK JPEG with a CMYK profile (cmyk_test_profile.py, made here)
    cmyk.jpg                 the same CMYK JPEG without a profile
    icc-lossy.webp           lossy WebP (VP8X + ICCP) with the Adobe RGB profile
    icc-lossless.webp        lossless WebP (VP8X + ICCP) with the Adobe RGB profile
    photo-lossy-<n>.webp     lossy WebPs of three photos, no profile
    alpha-lossy.webp         lossy WebP with an alpha channel (VP8X + ALPH)
    alpha-lossless.webp      lossless WebP with an alpha channel
    animated.webp            lossless two-frame animation (the cat, then the coffee cup of the same size); PIL and the
                             decoder take the first frame
    arithmetic.jpg           arithmetic-coded baseline JPEG (SOF9), by libjpeg-turbo's cjpeg -arithmetic
    arithmetic-progressive.jpg  arithmetic-coded progressive JPEG (SOF10)
The arithmetic JPEGs have no reference: the decoder refuses them (PIL's libjpeg-turbo would decode them).

Needs: apt-get install python3-pil python3-skimage icc-profiles-free colord-data libjpeg-turbo-progs

With --photos DIR it also writes photo-sized inputs for measurements (not committed): every colour sample photo
of scikit-image at 640x480 as a lossy WebP (quality 80) and a JPEG (quality 90), each with its <name>.pil.png.

With --samples DIR it copies the committed sample images (src/encoder/src/test/resources/images) there with PIL's decoding of
each, turned upright with ImageOps.exif_transpose as the decoder does (not committed; coins-grey16.png and
corrupt.jpg are left out: PIL clips the one to white and refuses the other).

Usage:
    /usr/bin/python3 src/tools/make_decode_fixtures.py --out src/encoder/src/test/resources/images/decode
    /usr/bin/python3 src/tools/make_decode_fixtures.py --out /tmp/decode --photos /tmp/photos --samples /tmp/samples
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

from PIL import Image, ImageOps, features

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cmyk_test_profile  # noqa: E402
import make_sample_images as samples  # noqa: E402  (shares the photo loading and the CMYK conversion)

# Permissively licensed profiles only: icc-profiles-free's are Zlib, colord's CC0 (Ghostscript's are AGPL).
PROFILES = {
    "adobe-rgb": "/usr/share/color/icc/compatibleWithAdobeRGB1998.icc",
    "prophoto": "/usr/share/color/icc/colord/ProPhotoRGB.icc",
}
LONG_SIDE = 64
PHOTOS = ("chelsea.png", "coffee.png", "astronaut.png", "rocket.jpg", "hubble_deep_field.jpg", "ihc.png", "retina.jpg")


def profile(name):
    if name == "cmyk":
        return cmyk_test_profile.profile()
    path = PROFILES[name]
    if not os.path.isfile(path):
        raise SystemExit(f"ICC profile {path} not found: apt-get install -y icc-profiles-free colord-data")
    with open(path, "rb") as f:
        return f.read()


def arithmetic_jpeg(im, path, progressive):
    """cjpeg -arithmetic: PIL's encoder cannot write arithmetic coding, libjpeg-turbo's command can."""
    with tempfile.TemporaryDirectory() as tmp:
        ppm = os.path.join(tmp, "in.ppm")
        im.save(ppm, "PPM")
        args = ["cjpeg", "-arithmetic", "-quality", "90"] + (["-progressive"] if progressive else []) + ["-outfile", path, ppm]
        try:
            subprocess.run(args, check=True)
        except FileNotFoundError:
            raise SystemExit("cjpeg not found: apt-get install -y libjpeg-turbo-progs")


def make_fixtures(out):
    if not features.check("webp_mux"):
        raise SystemExit("this PIL cannot write WebP with an ICC profile (needs libwebpmux)")
    os.makedirs(out, exist_ok=True)
    src = samples.skimage_data_dir()
    made = []

    def path(name, with_reference=True):
        made.append((name, with_reference))
        return os.path.join(out, name)

    def photo(name):
        return samples.load(src, name, LONG_SIDE).convert("RGB")

    cat, coffee, astronaut = photo("chelsea.png"), photo("coffee.png"), photo("astronaut.png")
    samples.save_jpeg(cat, path("adobe-rgb.jpg"), icc_profile=profile("adobe-rgb"))
    samples.save_jpeg(coffee, path("prophoto.jpg"), icc_profile=profile("prophoto"))
    cmyk = samples.rgb_to_cmyk_gcr(cat)
    samples.save_jpeg(cmyk, path("cmyk-profile.jpg"), icc_profile=profile("cmyk"))
    samples.save_jpeg(cmyk, path("cmyk.jpg"))

    astronaut.save(path("icc-lossy.webp"), "WEBP", quality=80, method=6, icc_profile=profile("adobe-rgb"))
    coffee.save(path("icc-lossless.webp"), "WEBP", lossless=True, icc_profile=profile("adobe-rgb"))
    for n, name in enumerate(("rocket.jpg", "hubble_deep_field.jpg", "ihc.png"), start=1):
        photo(name).save(path(f"photo-lossy-{n}.webp"), "WEBP", quality=80, method=6)

    rgba = photo("rocket.jpg")
    rgba.putalpha(samples.alpha_mask(rgba.size))
    rgba.save(path("alpha-lossy.webp"), "WEBP", quality=80, method=6)
    rgba.save(path("alpha-lossless.webp"), "WEBP", lossless=True)

    cup = coffee.resize(cat.size, Image.LANCZOS)
    cat.save(path("animated.webp"), "WEBP", lossless=True, save_all=True, append_images=[cup], duration=500, loop=0)

    arithmetic_jpeg(cat, path("arithmetic.jpg", with_reference=False), progressive=False)
    arithmetic_jpeg(cat, path("arithmetic-progressive.jpg", with_reference=False), progressive=True)

    return with_references(out, made)


def with_references(out, made):
    """Writes <name>.pil.png, PIL's convert("RGB") of each input that has a reference; returns all names written."""
    written = []
    for name, with_reference in made:
        written.append(name)
        if with_reference:
            reference = name + ".pil.png"
            Image.open(os.path.join(out, name)).convert("RGB").save(os.path.join(out, reference), "PNG", optimize=True)
            written.append(reference)
    return written


def make_photos(out):
    """640x480 lossy WebPs and JPEGs of the sample photos, for measuring decoders on photo-sized inputs."""
    os.makedirs(out, exist_ok=True)
    src = samples.skimage_data_dir()
    made = []
    for name in PHOTOS:
        im = Image.open(os.path.join(src, name)).convert("RGB").resize((640, 480), Image.LANCZOS)
        stem = os.path.splitext(name)[0]
        im.save(os.path.join(out, stem + ".webp"), "WEBP", quality=80)
        samples.save_jpeg(im, os.path.join(out, stem + ".jpg"))
        made += [(stem + ".webp", True), (stem + ".jpg", True)]
    return with_references(out, made)


def copy_samples(images, out):
    """The committed sample images with PIL's upright RGB decoding of each."""
    os.makedirs(out, exist_ok=True)
    written = []
    for name in sorted(os.listdir(images)):
        if name in ("SOURCES.md", "coins-grey16.png", "corrupt.jpg") or not os.path.isfile(os.path.join(images, name)):
            continue
        shutil.copyfile(os.path.join(images, name), os.path.join(out, name))
        ImageOps.exif_transpose(Image.open(os.path.join(out, name))).convert("RGB").save(os.path.join(out, name + ".pil.png"), "PNG")
        written += [name, name + ".pil.png"]
    return written


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True, help="directory to write the fixtures into")
    p.add_argument("--photos", help="also write 640x480 photo inputs for measurements into this directory")
    p.add_argument("--samples", help="also copy the sample images with PIL's decoding of each into this directory")
    args = p.parse_args()
    written = [os.path.join(args.out, name) for name in make_fixtures(args.out)]
    if args.photos:
        written += [os.path.join(args.photos, name) for name in make_photos(args.photos)]
    if args.samples:
        images = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "encoder", "src", "test", "resources", "images")
        written += [os.path.join(args.samples, name) for name in copy_samples(images, args.samples)]
    for full in written:
        print(f"{os.path.getsize(full):8d}  {full}")


if __name__ == "__main__":
    main()

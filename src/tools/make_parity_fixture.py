#!/usr/bin/python3
"""Write reference preprocessing tensors and embeddings for the Java parity tests.

For each case the reference tensor is computed with PIL + torchvision, the way CLIP does it:

    img = Image.open(path)
    img = ImageOps.exif_transpose(img)       # apply EXIF orientation (CLIP itself does not)
    img = img.convert("RGB")                 # CLIP's _convert_image_to_rgb: alpha is DROPPED, not composited
    Resize(resize, BICUBIC)                  # shortest side -> resize, long side = int(resize * long / short)
    CenterCrop(size)                         # offset = int(round((dim - size) / 2)), Python round: half to even
    ToTensor()                               # uint8 HWC -> float CHW / 255 (PIL already rounded+clamped to 8 bit)
    Normalize(mean, std)

Note on order: OpenAI's CLIP resizes and crops BEFORE converting to RGB. That is the same for RGB and
greyscale images, but for RGBA PIL resizes premultiplied and for palette images PIL's resize falls back
to NEAREST. These fixtures decode to RGB first (what a decoder that hands out RGB pixels does) and
document that choice.

Outputs (paths relative to src/encoder/src/test/resources/):
    parity/reference.json          the case list
    parity/<name>-<S>.f32          float32 little-endian, CHW, 3*S*S values
    parity/<name>-64.emb.f32       float32 little-endian, L2-normalised tiny-clip image embedding (32 values)
    parity/text.json               token ids (padded to 77 with pad id 0) and L2-normalised text embeddings

Usage:
    /usr/bin/python3 src/tools/make_parity_fixture.py --resources src/encoder/src/test/resources
"""

import argparse
import json
import os
import re
import unicodedata

import torch
from PIL import Image, ImageOps
from torchvision import transforms
from torchvision.transforms import InterpolationMode

CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073]
CLIP_STD = [0.26862954, 0.26130258, 0.27577711]

# (case name, image file, sizes). 224 is OpenAI CLIP's input size, 64 the tiny test model's.
CASES = [
    ("coffee-rotated-exif6", "coffee-rotated-exif6.jpg", (224, 64)),
    ("rocket-alpha", "rocket-alpha.png", (224, 64)),
    ("camera-grey", "camera-grey.jpg", (224, 64)),
    ("cat", "cat.jpg", (224, 64)),
    ("astronaut", "astronaut.jpg", (224, 64)),
    ("coffee", "coffee.jpg", (64,)),
    ("rocket-progressive", "rocket-progressive.jpg", (64,)),
    ("hubble-deep-field", "hubble-deep-field.gif", (64,)),   # 240x209 -> 73x64: crop offset round(4.5) = 4
    ("retina", "retina.bmp", (64,)),
    ("astronaut-rgb16", "astronaut-rgb16.png", (64,)),        # PIL opens 16-bit RGB PNGs as 8-bit RGB (high byte)
]
# Left out on purpose:
#   coins-grey16.png  PIL opens 16-bit grey as mode "I" and convert("RGB") clips at 255: almost all white.
#   cat-cmyk.jpg      CMYK -> RGB without an ICC profile is a convention (PIL: (255-C)(255-K)/255).
#   ihc.webp          lossy WebP decoders differ (libwebp vs TwelveMonkeys: up to 28 levels on this file).

TEXTS = [
    "A photo of a Red Heart!",
    "a photo of a zyzzyva",          # unknown word -> <|unk|>
    "Two cats, sitting on 3 rocks.",
    "",                              # only <|startoftext|> <|endoftext|>
    # 100+ tokens: truncated to 77 with <|endoftext|> kept as the last id.
    "a photo of a big red car and a small blue truck near a tall green tree in a park on a sunny day, "
    "with people walking, a dog running, two birds flying over the old bridge, a boat on the river, "
    "clouds in the sky, a man holding a cup of coffee, a woman wearing a yellow hat, children playing "
    "with a ball on the grass, and a cat sleeping on a chair next to the door of a white house.",
]


def reference_tensor(path, size, resize, mean, std):
    img = Image.open(path)
    img = ImageOps.exif_transpose(img)
    img = img.convert("RGB")
    tf = transforms.Compose([
        transforms.Resize(resize, interpolation=InterpolationMode.BICUBIC),
        transforms.CenterCrop(size),
        transforms.ToTensor(),
        transforms.Normalize(mean, std),
    ])
    return tf(img)


def write_f32(path, tensor):
    t = tensor.detach().to(torch.float32).contiguous().numpy()
    with open(path, "wb") as f:
        f.write(t.astype("<f4").tobytes())


def l2(x):
    return x / x.norm(dim=-1, keepdim=True)


class Tokenizer:
    """Re-implements what the bundle's tokenizer.json does, for ASCII text.

    NFC, lowercase, strip; split on whitespace; words are runs of [A-Za-z0-9_], every other
    character is its own token (the Punctuation pre-tokenizer isolates each one); digits are split
    one per token; then a WordLevel lookup with <|unk|>, wrapped in <|startoftext|> ... <|endoftext|>.
    """

    def __init__(self, tokenizer_json):
        with open(tokenizer_json, encoding="utf-8") as f:
            tj = json.load(f)
        self.vocab = tj["model"]["vocab"]
        self.unk = self.vocab[tj["model"]["unk_token"]]
        self.sot = self.vocab["<|startoftext|>"]
        self.eot = self.vocab["<|endoftext|>"]

    def encode(self, text):
        assert all(ord(c) < 128 for c in text), "this re-implementation only covers ASCII text"
        text = unicodedata.normalize("NFC", text).lower().strip()
        pieces = []
        for word in re.findall(r"[a-z0-9]+|_|[^\sa-z0-9_]", text):
            # Digits pre-tokenizer (individual_digits): "abc123" -> "abc", "1", "2", "3".
            pieces += re.findall(r"[0-9]|[a-z]+", word) if word[0].isalnum() else [word]
        return [self.sot] + [self.vocab.get(p, self.unk) for p in pieces] + [self.eot]

    def ids(self, text, context_length, pad_id):
        ids = self.encode(text)
        if len(ids) > context_length:
            ids = ids[:context_length - 1] + [self.eot]
        return ids + [pad_id] * (context_length - len(ids))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--resources", default="src/encoder/src/test/resources",
                   help="test resources root holding images/ and models/tiny-clip/ (default: %(default)s)")
    args = p.parse_args()
    torch.set_num_threads(1)
    root = args.resources
    model_dir = os.path.join(root, "models", "tiny-clip")
    with open(os.path.join(model_dir, "clip-model.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    image_encoder = torch.jit.load(os.path.join(model_dir, "image_encoder.pt"))
    text_encoder = torch.jit.load(os.path.join(model_dir, "text_encoder.pt"))
    image_encoder.eval()
    text_encoder.eval()
    model_size = manifest["image"]["size"]

    out = os.path.join(root, "parity")
    os.makedirs(out, exist_ok=True)
    cases = []
    for name, image, sizes in CASES:
        for size in sizes:
            tensor = reference_tensor(os.path.join(root, "images", image), size, size, CLIP_MEAN, CLIP_STD)
            assert tensor.shape == (3, size, size)
            tensor_rel = f"parity/{name}-{size}.f32"
            write_f32(os.path.join(root, tensor_rel), tensor)
            emb_rel = None
            if size == model_size:
                with torch.no_grad():
                    emb = l2(image_encoder(tensor.unsqueeze(0)))[0]
                emb_rel = f"parity/{name}-{size}.emb.f32"
                write_f32(os.path.join(root, emb_rel), emb)
            cases.append({
                "image": f"images/{image}",
                "size": size,
                "resize": size,
                "mean": CLIP_MEAN,
                "std": CLIP_STD,
                "tensor": tensor_rel,
                "embedding": emb_rel,
            })
    with open(os.path.join(out, "reference.json"), "w", encoding="utf-8") as f:
        json.dump({"cases": cases}, f, indent=1)
        f.write("\n")

    tok = Tokenizer(os.path.join(model_dir, "tokenizer.json"))
    context_length = manifest["text"]["context_length"]
    pad_id = manifest["text"]["pad_id"]
    texts = []
    for text in TEXTS:
        ids = tok.ids(text, context_length, pad_id)
        with torch.no_grad():
            emb = l2(text_encoder(torch.tensor([ids], dtype=torch.long)))[0]
        texts.append({"text": text, "ids": ids, "embedding": [float(v) for v in emb]})
    with open(os.path.join(out, "text.json"), "w", encoding="utf-8") as f:
        f.write("[\n")
        f.write(",\n".join(json.dumps(t) for t in texts))
        f.write("\n]\n")

    for c in cases:
        print(c["tensor"], c["embedding"] or "")
    for t in texts:
        n = sum(1 for i in t["ids"] if i != pad_id)
        print(f"text: {n:2d} ids  {t['text'][:50]!r}")


if __name__ == "__main__":
    main()

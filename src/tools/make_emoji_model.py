#!/usr/bin/python3
"""Build the freshly initialised CLIP architecture of the project's default model and write it as a model bundle.

The bundle (docs/model-bundle.md) is what `clip-trainer train` starts from; training it on the emoji image sets
gives config/models/default (docs/trainer.md has the one command that does everything):

    image_encoder.pt   TorchScript, float32[B,3,64,64] -> float32[B,D]   small conv net with a residual block
    text_encoder.pt    TorchScript, int64[B,L]         -> float32[B,D]   causal transformer, features at <|endoftext|>
    tokenizer.json     WordLevel tokenizer; vocabulary = every word of the emoji names, short names, categories
                       and subcategories in the given emoji.json files, plus a list of common English words
    clip-model.json    manifest; logit_scale = 1/0.07 (CLIP's initial temperature)

Both encoders are torch.jit.script'ed in train mode with plain ops (no dropout, no batch norm, no fused attention),
so DJL can train every parameter (`trainParam=true`). Seeded: the same inputs and seed give byte-identical files.

Usage:
    /usr/bin/python3 src/tools/make_emoji_model.py --out /tmp/emoji-init \
        --emoji-json ~/.cache/opensearch-clip/emoji/emoji-datasource-google-16.0.0/emoji.json \
        --emoji-json ~/.cache/opensearch-clip/emoji/emoji-datasource-twitter-16.0.0/emoji.json
"""

import argparse
import json
import os
import re
import shutil
import sys
import unicodedata

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_test_model import (  # noqa: E402  (same tokenizer format, transformer block and helpers as the test model)
    CLIP_MEAN, CLIP_STD, EOT_TOKEN, PAD_TOKEN, SOT_TOKEN, UNK_TOKEN, TextEncoder, pin_hash_seed, quick_gelu, sha256,
    tokenizer_json,
)

IMAGE_SIZE = 64
LOCKED_TEXT_DIM = 384  # all-MiniLM-L6-v2's sentence embedding

# Words people type into an image search that the emoji names may lack. Ids follow the emoji words.
COMMON_WORDS = """
a an the of and or with without in on at to from by for over under near next behind above below into out
is are was be this that these those it its there here some many few one two three four five six seven eight nine ten
photo photograph picture image drawing painting sketch illustration icon logo emoji symbol sign cartoon clipart
red orange yellow green blue purple pink brown black white gray grey silver gold golden dark light bright
colorful pale
cat dog bird fish horse cow sheep pig chicken duck rabbit mouse lion tiger bear elephant monkey snake frog
butterfly bee insect animal animals pet puppy kitten
man men woman women person people child children boy girl baby face hand hands eye eyes hair smile smiling
happy sad angry crying laughing love heart hearts kiss party celebration birthday holiday christmas
car cars truck bus bicycle bike motorcycle train plane airplane boat ship rocket road street
house home building city town bridge tower church school office hospital
table chair bed sofa lamp clock book books phone computer laptop keyboard screen camera television tv
cup mug coffee tea glass bottle plate bowl spoon fork knife food drink bread cake pizza burger sandwich
apple banana fruit vegetable flower flowers tree trees grass leaf leaves plant garden forest park
sky cloud clouds sun moon star stars space planet earth night day sunset sunrise weather
water sea ocean lake river beach sand rock stone mountain hill snow ice rain fire smoke
money coin box bag ball toy game music song sport football soccer basketball tennis
shoe shoes hat shirt dress clothes
circle square triangle line arrow shape round flat
big small large little tiny huge old new young hot cold cute funny scary
sitting standing walking running flying eating drinking sleeping playing dancing
""".split()

CATEGORY_WORDS = ["emoji", "an", "of", "icon", "symbol"]  # the trainer's emoji prompt templates


def words_of(text):
    """Splits text as the tokenizer does: NFC, lower case, \\w+ or runs of other non-space characters, then every
    punctuation character and every digit on its own."""
    text = unicodedata.normalize("NFC", text).lower()
    out = []
    for piece in re.findall(r"\w+|[^\w\s]+", text):
        for part in re.findall(r"\d|[^\W\d]+|_+|[^\w\s]", piece):
            out.append(part)
    return out


def emoji_words(paths):
    seen = []
    index = set()

    def add(word):
        if word not in index:
            index.add(word)
            seen.append(word)

    for path in paths:
        with open(path, encoding="utf-8") as f:
            entries = json.load(f)
        for e in entries:
            texts = [e.get("name") or ""] + list(e.get("short_names") or []) + [e.get("category") or "", e.get("subcategory") or ""]
            for text in texts:
                for word in words_of(re.sub(r"[_\-]+", " ", text)):
                    add(word)
    return seen


def build_vocab(emoji_json_paths):
    """pad=0, unk=1, the emoji words in file order, template and common words not yet in, sot, eot (highest id)."""
    tokens = [PAD_TOKEN, UNK_TOKEN]
    known = set(tokens)
    for word in emoji_words(emoji_json_paths) + CATEGORY_WORDS + COMMON_WORDS + [str(d) for d in range(10)]:
        if word not in known:
            known.add(word)
            tokens.append(word)
    return tokens + [SOT_TOKEN, EOT_TOKEN]


class ResidualBlock(nn.Module):
    """Pre-norm residual block of two 3x3 convolutions; GroupNorm, so training and inference compute the same."""

    def __init__(self, channels: int):
        super().__init__()
        self.norm1 = nn.GroupNorm(8, channels)
        self.conv1 = nn.Conv2d(channels, channels, 3, padding=1)
        self.norm2 = nn.GroupNorm(8, channels)
        self.conv2 = nn.Conv2d(channels, channels, 3, padding=1)
        nn.init.zeros_(self.conv2.weight)
        nn.init.zeros_(self.conv2.bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.conv1(quick_gelu(self.norm1(x)))
        y = self.conv2(quick_gelu(self.norm2(y)))
        return x + y


class ImageEncoder(nn.Module):
    """64x64 -> four stride-2 3x3 convolutions (w, 2w, 4w, 8w channels; 32, 16, 8, 4 px) with a residual block at
    8 px, GroupNorm, the 4x4 feature grid flattened, LayerNorm, linear projection to the embedding."""

    def __init__(self, width: int, dim: int):
        super().__init__()
        self.conv1 = nn.Conv2d(3, width, 3, stride=2, padding=1)
        self.conv2 = nn.Conv2d(width, 2 * width, 3, stride=2, padding=1)
        self.conv3 = nn.Conv2d(2 * width, 4 * width, 3, stride=2, padding=1)
        self.block = ResidualBlock(4 * width)
        self.conv4 = nn.Conv2d(4 * width, 8 * width, 3, stride=2, padding=1)
        self.norm = nn.GroupNorm(8, 8 * width)
        self.ln = nn.LayerNorm(8 * width * 16)
        self.proj = nn.Linear(8 * width * 16, dim, bias=False)

    def forward(self, pixels: torch.Tensor) -> torch.Tensor:
        x = quick_gelu(self.conv1(pixels))
        x = quick_gelu(self.conv2(x))
        x = quick_gelu(self.conv3(x))
        x = self.block(x)
        x = quick_gelu(self.norm(self.conv4(x)))
        x = torch.flatten(x, 1)
        return self.proj(self.ln(x))


class PooledImageEncoder(nn.Module):
    """64x64 -> four stride-2 3x3 convolutions (w, 2w, 4w, 8w channels; 32, 16, 8, 4 px) with a residual block after
    each of the last three, GroupNorm, then the 4x4 grid pooled (mean and max of every channel, so a picture moved a
    few pixels gives nearly the same features), LayerNorm, and a two-layer projection to the embedding."""

    def __init__(self, width: int, dim: int):
        super().__init__()
        self.conv1 = nn.Conv2d(3, width, 3, stride=2, padding=1)
        self.conv2 = nn.Conv2d(width, 2 * width, 3, stride=2, padding=1)
        self.block2 = ResidualBlock(2 * width)
        self.conv3 = nn.Conv2d(2 * width, 4 * width, 3, stride=2, padding=1)
        self.block3 = ResidualBlock(4 * width)
        self.conv4 = nn.Conv2d(4 * width, 8 * width, 3, stride=2, padding=1)
        self.block4 = ResidualBlock(8 * width)
        self.norm = nn.GroupNorm(8, 8 * width)
        self.ln = nn.LayerNorm(16 * width)
        self.hidden = nn.Linear(16 * width, 4 * dim)
        self.proj = nn.Linear(4 * dim, dim, bias=False)

    def forward(self, pixels: torch.Tensor) -> torch.Tensor:
        x = quick_gelu(self.conv1(pixels))
        x = self.block2(quick_gelu(self.conv2(x)))
        x = self.block3(quick_gelu(self.conv3(x)))
        x = self.block4(quick_gelu(self.conv4(x)))
        x = quick_gelu(self.norm(x))
        x = torch.cat([x.mean(dim=(2, 3)), x.amax(dim=(2, 3))], dim=1)
        return self.proj(quick_gelu(self.hidden(self.ln(x))))


def count(module):
    return sum(p.numel() for p in module.parameters())


def main():
    pin_hash_seed()
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True, help="bundle directory to write (created if missing)")
    p.add_argument("--emoji-json", action="append", default=[],
                   help="an emoji-datasource emoji.json (repeat; needed for the fresh text tower's vocabulary)")
    p.add_argument("--seed", type=int, default=20250101, help="weight initialisation seed (default: %(default)s)")
    p.add_argument("--embed-dim", type=int, default=128, help="embedding dimension (default: %(default)s)")
    p.add_argument("--image-width", type=int, default=32, help="channels of the first conv (default: %(default)s)")
    p.add_argument("--image-tower", choices=["flat", "pooled", "mobilenet"], default="flat",
                   help="flat: the 4x4 feature grid flattened into the projection; pooled: mean and max pooled, "
                        "residual blocks at three scales, a two-layer projection; mobilenet: the pretrained "
                        "MobileNetV2 of --mobilenet (convert_mobilenet.py), mean and max pooled, with a new projection "
                        "(default: %(default)s)")
    p.add_argument("--mobilenet", help="a directory from nsfwjs_model.js extract (for --image-tower mobilenet)")
    p.add_argument("--train-from", type=int, default=11,
                   help="mobilenet: blocks before this one stay locked, later ones train (default: %(default)s)")
    p.add_argument("--head-width", type=int, default=0,
                   help="mobilenet: hidden width of a two-layer projection; 0: one linear map (default: %(default)s)")
    p.add_argument("--image-size", type=int, default=IMAGE_SIZE,
                   help="input pixels per side (default: %(default)s; the flat tower needs 64)")
    p.add_argument("--text-width", type=int, default=128, help="transformer width (default: %(default)s)")
    p.add_argument("--text-layers", type=int, default=3, help="transformer layers (default: %(default)s)")
    p.add_argument("--text-heads", type=int, default=4, help="attention heads (default: %(default)s)")
    p.add_argument("--context-length", type=int, default=32, help="tokens per text (default: %(default)s)")
    p.add_argument("--name", default="emoji-clip", help="bundle name (default: %(default)s)")
    p.add_argument("--text-tower", help="a directory from convert_minilm.py: its locked text_encoder.pt and tokenizer.json "
                   "replace the fresh text tower (the embedding dimension becomes 384, the text takes an attention mask)")
    args = p.parse_args()
    if args.text_tower:
        args.embed_dim = LOCKED_TEXT_DIM
    torch.set_num_threads(1)

    torch.manual_seed(args.seed)
    mean, std = CLIP_MEAN, CLIP_STD
    if args.image_tower == "mobilenet":
        if not args.mobilenet:
            p.error("--image-tower mobilenet needs --mobilenet")
        from convert_mobilenet import MobileNetImageEncoder, load_keras
        layers, weights = load_keras(args.mobilenet)
        image = MobileNetImageEncoder(layers, weights, args.train_from, args.embed_dim, args.head_width)
        mean, std = [0.5, 0.5, 0.5], [0.5, 0.5, 0.5]  # MobileNetV2's [-1, 1] input range
    else:
        if args.image_size != IMAGE_SIZE and args.image_tower == "flat":
            p.error("the flat tower takes 64 px")
        image = (PooledImageEncoder if args.image_tower == "pooled" else ImageEncoder)(args.image_width,
                                                                                       args.embed_dim)
    image.train()
    os.makedirs(args.out, exist_ok=True)
    torch.jit.save(torch.jit.script(image), os.path.join(args.out, "image_encoder.pt"))
    if args.text_tower:
        for name in ("text_encoder.pt", "tokenizer.json"):
            shutil.copyfile(os.path.join(args.text_tower, name), os.path.join(args.out, name))
        with open(os.path.join(args.text_tower, "text-check.json"), encoding="utf-8") as f:
            args.context_length = json.load(f)["context_length"]
        text_params, vocab_size = "locked", "WordPiece"
    else:
        if not args.emoji_json:
            p.error("--emoji-json is required without --text-tower")
        tokens = build_vocab(args.emoji_json)
        text = TextEncoder(len(tokens), args.context_length, args.text_width, args.text_heads, args.text_layers,
                           args.embed_dim)
        text.train()
        torch.jit.save(torch.jit.script(text), os.path.join(args.out, "text_encoder.pt"))
        with open(os.path.join(args.out, "tokenizer.json"), "w", encoding="utf-8") as f:
            json.dump(tokenizer_json(tokens), f, ensure_ascii=False, indent=1)
            f.write("\n")
        text_params, vocab_size = f"{count(text):,}", len(tokens)
    manifest = {
        "format_version": 1,
        "name": args.name,
        "version": "0-untrained",
        "embedding_dim": args.embed_dim,
        "image": {"size": args.image_size, "resize": args.image_size, "interpolation": "bicubic", "crop": "center",
                  "mean": mean, "std": std},
        "text": {"context_length": args.context_length, "pad_id": 0, "attention_mask": bool(args.text_tower)},
        "logit_scale": 1 / 0.07,
        "files": {name: sha256(os.path.join(args.out, name))
                  for name in ("image_encoder.pt", "text_encoder.pt", "tokenizer.json")},
    }
    with open(os.path.join(args.out, "clip-model.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    print(f"vocabulary {vocab_size} tokens; image encoder {count(image):,} parameters; "
          f"text encoder {text_params} parameters; written to {args.out}")


if __name__ == "__main__":
    main()

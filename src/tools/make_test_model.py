#!/usr/bin/python3
"""Build a tiny, randomly initialised CLIP-shaped dual encoder and write it as a model bundle.

The bundle follows docs/model-bundle.md:

    image_encoder.pt   TorchScript, float32[B,3,S,S] -> float32[B,32]   (small conv net)
    text_encoder.pt    TorchScript, int64[B,L]       -> float32[B,32]   (2-layer causal transformer)
    tokenizer.json     Hugging Face tokenizers file (WordLevel, small English vocabulary)
    clip-model.json    manifest with the sha256 of the three files above

Everything is seeded, so the same seed gives the same weights. Both encoders are exported with
torch.jit.script (no tracing, no inference-only kernels, parameters keep requires_grad), so the
modules can be fine-tuned later through DJL. Attention is written with plain matmul/softmax ops.

Usage:
    /usr/bin/python3 src/tools/make_test_model.py --out src/encoder/src/test/resources/models/tiny-clip
"""

import argparse
import hashlib
import json
import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

EMBED_DIM = 32
IMAGE_SIZE = 64
CONTEXT_LENGTH = 77
TEXT_WIDTH = 64
TEXT_HEADS = 4
TEXT_LAYERS = 2
CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073]
CLIP_STD = [0.26862954, 0.26130258, 0.27577711]

PAD_TOKEN = "<|pad|>"
UNK_TOKEN = "<|unk|>"
SOT_TOKEN = "<|startoftext|>"
EOT_TOKEN = "<|endoftext|>"

# A small hand-written English vocabulary. Order matters: it fixes the ids.
WORDS = """
a an the of and or with without in on at to from by for over under near next behind front above below
is are was be this that these those it its there here some many few one two three four five six seven
eight nine ten zero hundred thousand first second last
photo photograph picture image drawing painting sketch illustration render rendering close closeup up view
shot portrait landscape logo icon diagram screenshot scan texture pattern background
red orange yellow green blue purple pink brown black white gray grey silver gold golden dark light bright
colorful colourful pale
cat cats kitten dog dogs puppy bird birds fish horse cow sheep pig chicken duck rabbit mouse lion tiger
bear elephant giraffe zebra monkey snake frog butterfly bee insect animal animals pet
man men woman women person people child children boy girl baby face hand hands eye eyes hair smile
astronaut pilot doctor player crowd family friend
car cars truck bus bicycle bike motorcycle train plane airplane boat ship rocket launch road street
house building city town bridge tower church room kitchen door window wall floor roof
table chair bed sofa lamp clock book books phone computer laptop keyboard screen camera television
cup mug coffee tea glass bottle plate bowl spoon fork knife food bread cake pizza apple banana orange
fruit vegetable flower flowers tree trees grass leaf leaves plant garden forest park
sky cloud clouds sun moon star stars space galaxy planet earth night day sunset sunrise
water sea ocean lake river beach sand rock rocks stone mountain mountains hill snow ice rain fire smoke
field desert island
coin coins money box bag ball toy shoe shoes hat shirt dress suit uniform flag sign text letter word
heart circle square line lines shape
big small large little tiny huge old new young happy sad beautiful cute funny empty full hot cold wet
round flat long short tall high low soft hard
sitting standing walking running flying lying eating drinking looking playing sleeping holding wearing
microscope tissue cell cells retina medical science
""".split()

DIGITS = [str(d) for d in range(10)]
PUNCT = list("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def build_vocab():
    """Returns the ordered token list: pad=0, unk=1, punctuation, digits, words, sot, eot (highest)."""
    tokens = [PAD_TOKEN, UNK_TOKEN]
    seen = set(tokens)
    for t in PUNCT + DIGITS + WORDS:
        if t not in seen:
            seen.add(t)
            tokens.append(t)
    tokens += [SOT_TOKEN, EOT_TOKEN]
    return tokens


def added_token(tid, content):
    return {
        "id": tid,
        "content": content,
        "single_word": False,
        "lstrip": False,
        "rstrip": False,
        "normalized": False,
        "special": True,
    }


def tokenizer_json(tokens):
    vocab = {t: i for i, t in enumerate(tokens)}
    sot, eot = vocab[SOT_TOKEN], vocab[EOT_TOKEN]
    assert eot == len(tokens) - 1, "<|endoftext|> must have the highest id"
    specials = [PAD_TOKEN, UNK_TOKEN, SOT_TOKEN, EOT_TOKEN]

    def special(tok):
        return {"SpecialToken": {"id": tok, "type_id": 0}}

    def seq(name, type_id):
        return {"Sequence": {"id": name, "type_id": type_id}}

    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [added_token(vocab[t], t) for t in specials],
        "normalizer": {
            "type": "Sequence",
            "normalizers": [
                {"type": "NFC"},
                {"type": "Lowercase"},
                {"type": "Strip", "strip_left": True, "strip_right": True},
            ],
        },
        "pre_tokenizer": {
            "type": "Sequence",
            "pretokenizers": [
                {"type": "Whitespace"},
                {"type": "Punctuation", "behavior": "Isolated"},
                {"type": "Digits", "individual_digits": True},
            ],
        },
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [special(SOT_TOKEN), seq("A", 0), special(EOT_TOKEN)],
            "pair": [special(SOT_TOKEN), seq("A", 0), special(EOT_TOKEN), seq("B", 1), special(EOT_TOKEN)],
            "special_tokens": {
                SOT_TOKEN: {"id": SOT_TOKEN, "ids": [sot], "tokens": [SOT_TOKEN]},
                EOT_TOKEN: {"id": EOT_TOKEN, "ids": [eot], "tokens": [EOT_TOKEN]},
            },
        },
        "decoder": None,
        "model": {"type": "WordLevel", "vocab": vocab, "unk_token": UNK_TOKEN},
    }


def quick_gelu(x):
    return x * torch.sigmoid(1.702 * x)


class ImageEncoder(nn.Module):
    """Three strided 3x3 convolutions, a 4x4 average-pool grid, LayerNorm, linear projection."""

    def __init__(self, dim):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, 3, stride=2, padding=1)
        self.conv2 = nn.Conv2d(16, 32, 3, stride=2, padding=1)
        self.conv3 = nn.Conv2d(32, 32, 3, stride=2, padding=1)
        self.norm = nn.LayerNorm(32 * 4 * 4)
        self.proj = nn.Linear(32 * 4 * 4, dim, bias=False)

    def forward(self, pixels: torch.Tensor) -> torch.Tensor:
        x = quick_gelu(self.conv1(pixels))
        x = quick_gelu(self.conv2(x))
        x = quick_gelu(self.conv3(x))
        x = F.adaptive_avg_pool2d(x, 4)
        x = torch.flatten(x, 1)
        return self.proj(self.norm(x))


class Block(nn.Module):
    """Pre-norm transformer block with causal self-attention written with plain ops."""

    def __init__(self, width: int, heads: int):
        super().__init__()
        self.heads = heads
        self.head_dim = width // heads
        self.ln1 = nn.LayerNorm(width)
        self.qkv = nn.Linear(width, 3 * width)
        self.out = nn.Linear(width, width)
        self.ln2 = nn.LayerNorm(width)
        self.fc1 = nn.Linear(width, 4 * width)
        self.fc2 = nn.Linear(4 * width, width)

    def attention(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        b, l, w = x.shape
        qkv = self.qkv(x).reshape(b, l, 3, self.heads, self.head_dim).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        scores = torch.matmul(q, k.transpose(-2, -1)) / math.sqrt(self.head_dim)
        weights = torch.softmax(scores + mask, dim=-1)
        y = torch.matmul(weights, v).permute(0, 2, 1, 3).reshape(b, l, w)
        return self.out(y)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        x = x + self.attention(self.ln1(x), mask)
        x = x + self.fc2(quick_gelu(self.fc1(self.ln2(x))))
        return x


class TextEncoder(nn.Module):
    """Token + positional embedding, causal transformer, features at the argmax id (end-of-text), projection."""

    def __init__(self, vocab_size, context_length, width, heads, layers, dim):
        super().__init__()
        self.token_embedding = nn.Embedding(vocab_size, width)
        self.positional_embedding = nn.Parameter(torch.empty(context_length, width))
        self.blocks = nn.ModuleList([Block(width, heads) for _ in range(layers)])
        self.ln_final = nn.LayerNorm(width)
        self.text_projection = nn.Parameter(torch.empty(width, dim))
        nn.init.normal_(self.token_embedding.weight, std=0.02)
        nn.init.normal_(self.positional_embedding, std=0.01)
        nn.init.normal_(self.text_projection, std=width ** -0.5)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        length = ids.shape[1]
        x = self.token_embedding(ids) + self.positional_embedding[:length]
        mask = torch.triu(torch.full((length, length), float("-inf"), device=ids.device), diagonal=1)
        for block in self.blocks:
            x = block(x, mask)
        x = self.ln_final(x)
        eot = ids.argmax(dim=-1)
        x = x[torch.arange(x.shape[0], device=ids.device), eot]
        return torch.matmul(x, self.text_projection)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def write_bundle(out, seed):
    os.makedirs(out, exist_ok=True)
    tokens = build_vocab()

    torch.manual_seed(seed)
    image = ImageEncoder(EMBED_DIM)
    text = TextEncoder(len(tokens), CONTEXT_LENGTH, TEXT_WIDTH, TEXT_HEADS, TEXT_LAYERS, EMBED_DIM)
    # No dropout and no batch norm anywhere, so train() and eval() compute the same function.
    image.train()
    text.train()
    torch.jit.save(torch.jit.script(image), os.path.join(out, "image_encoder.pt"))
    torch.jit.save(torch.jit.script(text), os.path.join(out, "text_encoder.pt"))

    with open(os.path.join(out, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tokenizer_json(tokens), f, ensure_ascii=False, indent=1)
        f.write("\n")

    manifest = {
        "format_version": 1,
        "name": "tiny-clip-test",
        "version": "1",
        "embedding_dim": EMBED_DIM,
        "image": {
            "size": IMAGE_SIZE,
            "resize": IMAGE_SIZE,
            "interpolation": "bicubic",
            "crop": "center",
            "mean": CLIP_MEAN,
            "std": CLIP_STD,
        },
        "text": {"context_length": CONTEXT_LENGTH, "pad_id": 0, "attention_mask": False},
        "logit_scale": 100.0,
        "files": {
            name: sha256(os.path.join(out, name))
            for name in ("image_encoder.pt", "text_encoder.pt", "tokenizer.json")
        },
    }
    with open(os.path.join(out, "clip-model.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    return manifest


def pin_hash_seed():
    """Re-executes the script with PYTHONHASHSEED=0: TorchScript writes a module's constants in Python set order,
    which depends on string hash randomisation, so a fixed seed gives byte-identical .pt files."""
    if os.environ.get("PYTHONHASHSEED") != "0":
        env = dict(os.environ, PYTHONHASHSEED="0")
        os.execve(sys.executable, [sys.executable] + sys.argv, env)


def main():
    pin_hash_seed()
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True, help="bundle directory to write (created if missing)")
    p.add_argument("--seed", type=int, default=20240601, help="random seed for the weights (default: %(default)s)")
    args = p.parse_args()
    torch.set_num_threads(1)
    manifest = write_bundle(args.out, args.seed)
    for name, digest in manifest["files"].items():
        print(f"{digest}  {os.path.join(args.out, name)}")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Combine the image towers of two trained bundles that share one text tower into one bundle.

Both bundles must have been trained into the same locked text space (the same text_encoder.pt and tokenizer.json,
e.g. two `clip-trainer train --lock-text` runs from make_emoji_model.py inits). The new image tower gives every
picture to both towers, each at its own input size and normalisation, and returns the weighted sum of their
L2-normalised embeddings:

    e(x) = w * normalize(A(x_A)) + (1 - w) * normalize(B(x_B))

The combined tower reads pixels at --size with the normalisation of the bundle whose input size that is, and
resizes inside the program for the other tower (torch's bicubic when it enlarges, antialiased bilinear when it
shrinks). The result is TorchScript in train mode whose parameters are both towers' parameters, so the trainer can
fine-tune it like any other bundle. Deterministic: the same inputs give byte-identical files.

Usage:
    /usr/bin/python3 src/tools/combine_image_towers.py --a /tmp/emoji-clip/final/model \
        --b /tmp/emoji-clip/all-mn96/model --weight 0.5 --size 64 --out /tmp/emoji-clip/combined --version 3
"""

import argparse
import json
import os
import shutil
import sys
import zipfile
from typing import List

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_test_model import pin_hash_seed, sha256  # noqa: E402


class Tower(nn.Module):
    """One trained image tower behind its own resize and normalisation; input is pixels in [0, 1]."""

    def __init__(self, encoder: torch.jit.ScriptModule, size: int, outer: int, mean: List[float], std: List[float]):
        super().__init__()
        self.encoder = encoder
        self.size = size
        self.resize = size != outer
        self.enlarge = size > outer
        self.register_buffer("mean", torch.tensor(mean, dtype=torch.float32).view(1, 3, 1, 1), persistent=True)
        self.register_buffer("std", torch.tensor(std, dtype=torch.float32).view(1, 3, 1, 1), persistent=True)

    def forward(self, unit: torch.Tensor) -> torch.Tensor:
        x = unit
        if self.resize:
            if self.enlarge:
                x = F.interpolate(x, size=[self.size, self.size], mode="bicubic", align_corners=False)
            else:
                x = F.interpolate(x, size=[self.size, self.size], mode="bilinear", align_corners=False,
                                  antialias=True)
        return F.normalize(self.encoder((x - self.mean) / self.std), dim=-1)


class CombinedImageEncoder(nn.Module):
    """Pixels normalised as the outer bundle says -> w * tower A + (1 - w) * tower B (each L2-normalised)."""

    def __init__(self, a: Tower, b: Tower, weight: float, mean: List[float], std: List[float]):
        super().__init__()
        self.a = a
        self.b = b
        self.weight = weight
        self.register_buffer("mean", torch.tensor(mean, dtype=torch.float32).view(1, 3, 1, 1), persistent=True)
        self.register_buffer("std", torch.tensor(std, dtype=torch.float32).view(1, 3, 1, 1), persistent=True)

    def forward(self, pixels: torch.Tensor) -> torch.Tensor:
        unit = pixels * self.std + self.mean
        return self.weight * self.a(unit) + (1.0 - self.weight) * self.b(unit)


def same_file(a, b):
    """True when two files hold the same tokenizer, or TorchScript programs with the same code and weights (the
    debug tables, which name the source file lines the program was scripted from, may differ)."""
    if not a.endswith(".pt"):
        return sha256(a) == sha256(b)
    with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
        def entries(z):
            return {n.split("/", 1)[1]: n for n in z.namelist() if not n.endswith(".debug_pkl")}
        ea, eb = entries(za), entries(zb)
        return ea.keys() == eb.keys() and all(za.read(ea[n]) == zb.read(eb[n]) for n in ea)


def read_manifest(bundle):
    with open(os.path.join(bundle, "clip-model.json"), encoding="utf-8") as f:
        return json.load(f)


def main():
    pin_hash_seed()
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--a", required=True, help="first trained bundle (its text tower and tokenizer are kept)")
    p.add_argument("--b", required=True, help="second trained bundle, same text tower")
    p.add_argument("--weight", type=float, default=0.5, help="weight of tower A, 0..1 (default: %(default)s)")
    p.add_argument("--size", type=int, help="input pixels per side of the combined bundle: A's or B's "
                                            "(default: A's)")
    p.add_argument("--out", required=True, help="bundle directory to write")
    p.add_argument("--name", help="bundle name (default: A's)")
    p.add_argument("--version", help="bundle version (default: A's)")
    args = p.parse_args()
    if not 0.0 <= args.weight <= 1.0:
        p.error("--weight must be within 0..1")
    torch.set_num_threads(1)
    ma, mb = read_manifest(args.a), read_manifest(args.b)
    for name in ("text_encoder.pt", "tokenizer.json"):
        if not same_file(os.path.join(args.a, name), os.path.join(args.b, name)):
            p.error(f"the bundles' {name} differ: the towers were not trained into one text space")
    if ma["embedding_dim"] != mb["embedding_dim"]:
        p.error("the bundles' embedding dimensions differ")
    size = args.size or ma["image"]["size"]
    outer = ma if size == ma["image"]["size"] else mb if size == mb["image"]["size"] else None
    if outer is None:
        p.error(f"--size must be {ma['image']['size']} (A's) or {mb['image']['size']} (B's)")

    def tower(bundle, manifest):
        encoder = torch.jit.load(os.path.join(bundle, "image_encoder.pt"))
        encoder.train()
        image = manifest["image"]
        return Tower(encoder, image["size"], size, image["mean"], image["std"])

    combined = CombinedImageEncoder(tower(args.a, ma), tower(args.b, mb), args.weight,
                                    outer["image"]["mean"], outer["image"]["std"])
    combined.train()
    os.makedirs(args.out, exist_ok=True)
    torch.jit.save(torch.jit.script(combined), os.path.join(args.out, "image_encoder.pt"))
    for name in ("text_encoder.pt", "tokenizer.json"):
        shutil.copyfile(os.path.join(args.a, name), os.path.join(args.out, name))
    manifest = dict(ma)
    manifest["name"] = args.name or ma["name"]
    manifest["version"] = args.version or ma["version"]
    manifest["image"] = dict(outer["image"])
    # A's and B's temperatures were learned for their own towers; the sum's cosines are a little smaller.
    manifest["logit_scale"] = args.weight * ma["logit_scale"] + (1 - args.weight) * mb["logit_scale"]
    manifest["files"] = {name: sha256(os.path.join(args.out, name))
                         for name in ("image_encoder.pt", "text_encoder.pt", "tokenizer.json")}
    with open(os.path.join(args.out, "clip-model.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    params = sum(t.numel() for t in combined.parameters())
    print(f"combined image tower: {params:,} parameters, input {size} px, weight {args.weight} on {args.a}; "
          f"written to {args.out}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Export a Hugging Face CLIPModel or an OpenCLIP model as an opensearch-clip model bundle.

Writes, into --out, the bundle format of docs/model-bundle.md:

    image_encoder.pt   TorchScript: float32[B,3,S,S] (normalised pixels) -> float32[B,D]
    text_encoder.pt    TorchScript: int64[B,L] token ids -> float32[B,D]
    tokenizer.json     Hugging Face tokenizers file (the model's own, or converted from CLIP's BPE vocabulary)
    clip-model.json    manifest: dimension, the model's preprocessing (size, resize, interpolation, mean, std),
                       context length, logit scale, sha256 of every file

Each tower is traced on its own (the image file holds only image weights, the text file only text weights), with
the towers in training mode and gradients on, so that no inference-only kernels (e.g. PyTorch's fused multi-head
attention fast path, which has no backward) are captured and the bundle stays fine-tunable by the trainer. Dropout
and batch norm are kept in evaluation mode (batch norm statistics must not move, dropout would make the trace
random). Trace on the device the bundle will run on: traced code keeps device constants (CPU here).

Needs PyTorch, and transformers (for --hf) or open_clip_torch (for --open-clip); nothing of this runs on the cluster.

Examples:
    python3 src/tools/export_clip.py --hf openai/clip-vit-base-patch32 --out clip-vit-b32
    python3 src/tools/export_clip.py --open-clip ViT-B-32 --pretrained laion2b_s34b_b79k --out vit-b32-laion
    python3 src/tools/export_clip.py --open-clip ViT-B-32 --pretrained openai --vocab bpe_simple_vocab_16e6.txt.gz --out b32

Then copy the directory (or a zip of it) to config/opensearch-clip/models/ on every node, or host the zip and
register it: POST _plugins/_clip/models/_register {"name": ..., "url": ..., "sha256": ...}.
"""

import argparse
import gzip
import hashlib
import json
import os

import torch
import torch.nn as nn

OPENAI_MEAN = [0.48145466, 0.4578275, 0.40821073]
OPENAI_STD = [0.26862954, 0.26130258, 0.27577711]
START, END = "<|startoftext|>", "<|endoftext|>"
CLIP_MERGES = 49152 - 256 - 2
# CLIP's pre-tokenisation: special tokens, contractions, letter runs, single digits, other non-space runs
PRE_TOKENIZE = r"<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+"


# ---------------------------------------------------------------------------------------------------------------
# towers
# ---------------------------------------------------------------------------------------------------------------

class Tower(nn.Module):
    """One tower of a CLIP model: the submodules and parameters named in `keep`, the model's plain attributes, and
    a forward that runs one of the model's own methods on it (so the model's code, not a copy of it, computes)."""

    def __init__(self, model, keep, method, keyword=None):
        super().__init__()
        for name, child in model.named_children():
            if name in keep:
                self.add_module(name, child)
        for name, parameter in model.named_parameters(recurse=False):
            if name in keep:
                self.register_parameter(name, parameter)
        for name, buffer in model.named_buffers(recurse=False):
            if name in keep:
                self.register_buffer(name, buffer)
        for name, value in vars(model).items():
            if not name.startswith("_") and name not in ("training",):
                setattr(self, name, value)
        self._method = getattr(type(model), method)
        self._keyword = keyword

    def forward(self, x):
        return self._method(self, **{self._keyword: x}) if self._keyword else self._method(self, x)


def trainable(tower):
    """Training mode with gradients, except dropout and batch norm (see the module docstring)."""
    tower.train()
    for module in tower.modules():
        if isinstance(module, (nn.Dropout, nn.modules.batchnorm._BatchNorm)):
            module.eval()
    for parameter in tower.parameters():
        parameter.requires_grad_(True)
    return tower


def trace(tower, example):
    with torch.enable_grad():
        return torch.jit.trace(trainable(tower), (example,), check_trace=False)


# ---------------------------------------------------------------------------------------------------------------
# tokenizer.json from CLIP's BPE vocabulary (the same file src/encoder's ClipBpeVocabulary writes)
# ---------------------------------------------------------------------------------------------------------------

def byte_symbols():
    printable = [b for b in range(256) if ord("!") <= b <= ord("~") or 0xA1 <= b <= 0xAC or 0xAE <= b <= 0xFF]
    others = [b for b in range(256) if b not in printable]
    return [chr(b) for b in printable] + [chr(256 + i) for i in range(len(others))]


def read_merges(path, count=CLIP_MERGES):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        lines = f.read().split("\n")
    if "#version" not in lines[0]:
        raise ValueError(f"{path}: not a BPE merges file (the first line must be a header with #version)")
    merges = [tuple(line.split(" ")) for line in lines[1:count + 1]]
    if len(merges) < count or any(len(m) != 2 for m in merges):
        raise ValueError(f"{path}: needs {count} merges of two symbols each")
    return merges


def clip_tokenizer_json(merges):
    symbols = byte_symbols()
    tokens = symbols + [s + "</w>" for s in symbols] + [a + b for a, b in merges] + [START, END]
    vocab = {}
    for i, token in enumerate(tokens):
        vocab.setdefault(token, i)
    start, end = len(tokens) - 2, len(tokens) - 1

    def added(i, content):
        return {"id": i, "content": content, "single_word": False, "lstrip": False, "rstrip": False,
                "normalized": True, "special": True}

    def special(name):
        return {"SpecialToken": {"id": name, "type_id": 0}}

    def piece(name):
        return {"Sequence": {"id": name, "type_id": 0}}

    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [added(start, START), added(end, END)],
        "normalizer": {"type": "Sequence", "normalizers": [
            {"type": "NFC"},
            {"type": "Replace", "pattern": {"Regex": r"\s+"}, "content": " "},
            {"type": "Lowercase"},
        ]},
        "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
            {"type": "Split", "pattern": {"Regex": PRE_TOKENIZE}, "behavior": "Removed", "invert": True},
            {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False},
        ]},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [special(START), piece("A"), special(END)],
            "pair": [special(START), piece("A"), special(END), piece("B"), special(END)],
            "special_tokens": {
                START: {"id": START, "ids": [start], "tokens": [START]},
                END: {"id": END, "ids": [end], "tokens": [END]},
            },
        },
        "decoder": None,
        "model": {"type": "BPE", "dropout": None, "unk_token": END, "continuing_subword_prefix": "",
                  "end_of_word_suffix": "</w>", "fuse_unk": False, "byte_fallback": False,
                  "vocab": vocab, "merges": [a + " " + b for a, b in merges]},
    }


def bpe_tokenizer_writer(vocab_path):
    def write(path):
        with open(path, "w", encoding="utf-8") as f:
            json.dump(clip_tokenizer_json(read_merges(vocab_path)), f, ensure_ascii=False)
    return write


# ---------------------------------------------------------------------------------------------------------------
# the bundle
# ---------------------------------------------------------------------------------------------------------------

def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def example_ids(context_length, batch=2):
    ids = torch.zeros(batch, context_length, dtype=torch.long)
    for row in range(batch):
        ids[row, 0] = 49406
        ids[row, 1:3 + row] = 320 + row
        ids[row, 3 + row] = 49407
    return ids


def export_bundle(image_tower, text_tower, preprocessing, write_tokenizer, out, name, version, logit_scale):
    """Traces both towers and writes the bundle. `preprocessing`: size, resize, interpolation, mean, std,
    context_length. Returns the manifest."""
    os.makedirs(out, exist_ok=True)
    size, context = preprocessing["size"], preprocessing["context_length"]
    image = trace(image_tower, torch.randn(2, 3, size, size))
    text = trace(text_tower, example_ids(context))
    image.save(os.path.join(out, "image_encoder.pt"))
    text.save(os.path.join(out, "text_encoder.pt"))
    write_tokenizer(os.path.join(out, "tokenizer.json"))
    with torch.no_grad():
        dimension = image(torch.zeros(1, 3, size, size)).shape[-1]
        if text(example_ids(context, 1)).shape[-1] != dimension:
            raise ValueError("the image and text towers embed into different dimensions")
    manifest = {
        "format_version": 1,
        "name": name,
        "version": version,
        "embedding_dim": int(dimension),
        "image": {key: preprocessing[key] for key in ("size", "resize", "interpolation", "mean", "std")} | {"crop": "center"},
        "text": {"context_length": context, "pad_id": 0, "attention_mask": False},
        "logit_scale": float(logit_scale),
        "files": {f: sha256(os.path.join(out, f)) for f in ("image_encoder.pt", "text_encoder.pt", "tokenizer.json")},
    }
    with open(os.path.join(out, "clip-model.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    return manifest


def hf_parts(model, processor_config):
    """The towers and preprocessing of a transformers CLIPModel; `processor_config` is its CLIPImageProcessor's
    settings (image_mean, image_std, size, crop_size, resample) as a dict."""
    image = Tower(model, {"vision_model", "visual_projection"}, "get_image_features", keyword="pixel_values")
    text = Tower(model, {"text_model", "text_projection"}, "get_text_features", keyword="input_ids")
    crop = processor_config.get("crop_size", {})
    size = crop.get("height", model.config.vision_config.image_size) if isinstance(crop, dict) else crop
    resize = processor_config.get("size", {})
    resize = resize.get("shortest_edge", size) if isinstance(resize, dict) else resize
    preprocessing = {
        "size": int(size),
        "resize": int(resize),
        "interpolation": "bicubic" if processor_config.get("resample", 3) == 3 else "bilinear",
        "mean": [float(v) for v in processor_config.get("image_mean", OPENAI_MEAN)],
        "std": [float(v) for v in processor_config.get("image_std", OPENAI_STD)],
        "context_length": int(model.config.text_config.max_position_embeddings),
    }
    return image, text, preprocessing, model.logit_scale.exp().item()


def open_clip_parts(model):
    """The towers and preprocessing of an open_clip CLIP model (image_mean/std as open_clip sets them on .visual)."""
    text_keep = {name for name, _ in model.named_children()} | {n for n, _ in model.named_parameters(recurse=False)} \
        | {n for n, _ in model.named_buffers(recurse=False)}
    image = Tower(model, {"visual"}, "encode_image")
    text = Tower(model, text_keep - {"visual", "logit_scale", "logit_bias"}, "encode_text")
    size = model.visual.image_size
    size = size[0] if isinstance(size, (tuple, list)) else size
    preprocessing = {
        "size": int(size),
        "resize": int(size),
        "interpolation": "bicubic",
        "mean": [float(v) for v in (getattr(model.visual, "image_mean", None) or OPENAI_MEAN)],
        "std": [float(v) for v in (getattr(model.visual, "image_std", None) or OPENAI_STD)],
        "context_length": int(model.context_length),
    }
    return image, text, preprocessing, model.logit_scale.exp().item()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--hf", help="a Hugging Face CLIPModel: hub id or local directory")
    source.add_argument("--open-clip", help="an open_clip architecture, e.g. ViT-B-32 (with --pretrained)")
    p.add_argument("--pretrained", help="open_clip pretrained tag or checkpoint file")
    p.add_argument("--vocab", help="CLIP's bpe_simple_vocab_16e6.txt.gz for an open_clip model with the default tokenizer "
                                   "(default: the copy inside the open_clip package)")
    p.add_argument("--out", required=True, help="bundle directory to write")
    p.add_argument("--name", help="model name in the manifest (default: from the source)")
    p.add_argument("--version", default="1")
    args = p.parse_args()

    if args.hf:
        from transformers import CLIPImageProcessor, CLIPModel, CLIPTokenizerFast
        model = CLIPModel.from_pretrained(args.hf)
        processor = CLIPImageProcessor.from_pretrained(args.hf).to_dict()
        tokenizer = CLIPTokenizerFast.from_pretrained(args.hf)
        parts = hf_parts(model, processor)
        write_tokenizer = tokenizer.backend_tokenizer.save
        name = args.name or args.hf.rstrip("/").split("/")[-1]
    else:
        import open_clip
        model, _, _ = open_clip.create_model_and_transforms(args.open_clip, pretrained=args.pretrained)
        parts = open_clip_parts(model)
        tokenizer = open_clip.get_tokenizer(args.open_clip)
        if hasattr(tokenizer, "tokenizer") and hasattr(tokenizer.tokenizer, "backend_tokenizer"):
            write_tokenizer = tokenizer.tokenizer.backend_tokenizer.save
        else:
            write_tokenizer = bpe_tokenizer_writer(args.vocab or open_clip.tokenizer.default_bpe())
        name = args.name or f"{args.open_clip}-{args.pretrained}".replace(":", "-")
    image, text, preprocessing, logit_scale = parts
    manifest = export_bundle(image, text, preprocessing, write_tokenizer, args.out, name, args.version, logit_scale)
    print(f"bundle {manifest['name']}: dimension {manifest['embedding_dim']}, {preprocessing['size']} px, written to {args.out}")


if __name__ == "__main__":
    main()

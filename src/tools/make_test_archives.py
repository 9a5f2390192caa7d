#!/usr/bin/python3
"""Write the small OpenAI-layout archive bundles and their reference embeddings used by the encoder's tests.

Two bundles of the same tiny, seeded CLIP in the layout of OpenAI's released TorchScript archives (one archive with
encode_image / encode_text, see openai_layout.py), with tiny-clip's tokenizer:

    models/tiny-archive/        model.pt traced on CPU in float32
    models/tiny-archive-fp16/   model.pt as OpenAI ships theirs: traced in float16 on CUDA (cuda:0 device constants,
                                float16 casts and HalfStorage weights); made from a bfloat16 CPU trace, see
                                openai_layout.to_openai_fp16. Its weights equal the float32 one's exactly.
    parity/archive-pixels.f32   float32[2,3,32,32] input images (seeded noise)
    parity/archive.json         {"ids": [[...77], ...], "image_embeddings": [[...32], ...], "text_embeddings": ...}:
                                the float32 archive's L2-normalised outputs, computed here with PyTorch
    models/synthetic-bpe-vocab.txt.gz
                                a vocabulary file in the format of OpenAI's bpe_simple_vocab_16e6.txt.gz (a header,
                                then 48894 merges) whose merges are simply every pair of byte symbols: it lets tests
                                build archive bundles without OpenAI's vocabulary, which the project does not copy

Usage (from the repository root):
    /usr/bin/python3 src/tools/make_test_archives.py --resources src/encoder/src/test/resources
"""

import argparse
import copy
import gzip
import hashlib
import json
import os
import shutil
import sys
import tempfile

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import openai_layout as L  # noqa: E402

SEED = 20240607


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def write_bundle(directory, name, archive, tokenizer):
    os.makedirs(directory, exist_ok=True)
    shutil.copyfile(archive, os.path.join(directory, "model.pt"))
    shutil.copyfile(tokenizer, os.path.join(directory, "tokenizer.json"))
    c = L.TINY
    manifest = {
        "format_version": 1,
        "name": name,
        "version": "1",
        "embedding_dim": c.embed_dim,
        "archive": "model.pt",
        "image": {"size": c.image_size, "resize": c.image_size, "interpolation": "bicubic", "crop": "center",
                  "mean": L.CLIP_MEAN, "std": L.CLIP_STD},
        "text": {"context_length": c.context_length, "pad_id": 0, "attention_mask": False},
        "logit_scale": 100.0,
        "files": {f: sha256(os.path.join(directory, f)) for f in ("model.pt", "tokenizer.json")},
    }
    with open(os.path.join(directory, "clip-model.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")


def byte_symbols():
    """The 256 byte-level symbols in the order CLIP's vocabulary lists them: printable bytes, then the others."""
    printable = [b for b in range(256) if ord("!") <= b <= ord("~") or 0xA1 <= b <= 0xAC or 0xAE <= b <= 0xFF]
    others = [b for b in range(256) if b not in printable]
    return [chr(b) for b in printable] + [chr(256 + i) for i in range(len(others))]


def write_synthetic_vocabulary(path, merges=49152 - 256 - 2):
    symbols = byte_symbols()
    lines = ["#version: synthetic test vocabulary (every pair of byte symbols), not CLIP's"]
    lines += [f"{a} {b}" for a in symbols for b in symbols][:merges]
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as f:
        f.write(("\n".join(lines) + "\n").encode("utf-8"))


def normalised(rows):
    return (rows / rows.norm(dim=1, keepdim=True)).tolist()


def main():
    if os.environ.get("PYTHONHASHSEED") != "0":  # byte-identical archives for one seed
        os.execve(sys.executable, [sys.executable] + sys.argv, dict(os.environ, PYTHONHASHSEED="0"))
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--resources", required=True, help="the encoder's src/test/resources")
    args = p.parse_args()
    torch.set_num_threads(1)
    c = L.TINY
    model = L.build(c, SEED).eval()
    L.round_to_fp16_and_bf16(model)
    tokenizer = os.path.join(args.resources, "models", "tiny-clip", "tokenizer.json")
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = os.path.join(tmp, "fp32", "model.pt")
        bf16 = os.path.join(tmp, "bf16", "model.pt")
        fp16 = os.path.join(tmp, "fp16", "model.pt")
        for path in (fp32, bf16, fp16):
            os.makedirs(os.path.dirname(path))
        L.trace_archive(model, c, fp32)
        L.trace_archive(L.to_reduced_precision(copy.deepcopy(model), torch.bfloat16), c, bf16)
        L.to_openai_fp16(bf16, fp16)
        write_bundle(os.path.join(args.resources, "models", "tiny-archive"), "tiny-archive-test", fp32, tokenizer)
        write_bundle(os.path.join(args.resources, "models", "tiny-archive-fp16"), "tiny-archive-fp16-test", fp16, tokenizer)

        torch.manual_seed(SEED + 1)
        pixels = torch.randn(2, 3, c.image_size, c.image_size)
        ids = torch.zeros(2, c.context_length, dtype=torch.long)
        ids[0, :6] = torch.tensor([385, 44, 313, 45, 76, 386])  # start token, four words, end token
        ids[1, :4] = torch.tensor([385, 152, 227, 386])
        reference = torch.jit.load(fp32)
        with torch.no_grad():
            image = reference.encode_image(pixels)
            text = reference.encode_text(ids)
            # the float16 archive run the way OpenAI's own loader runs it on CPU must agree exactly
            openai = L.openai_style_cpu_load(fp16)
            assert torch.equal(openai.encode_image(pixels), image), "float16 archive differs from the float32 one"
            assert torch.equal(openai.encode_text(ids), text), "float16 archive differs from the float32 one"
    write_synthetic_vocabulary(os.path.join(args.resources, "models", "synthetic-bpe-vocab.txt.gz"))
    parity = os.path.join(args.resources, "parity")
    pixels.numpy().astype("<f4").tofile(os.path.join(parity, "archive-pixels.f32"))
    with open(os.path.join(parity, "archive.json"), "w") as f:
        json.dump({"ids": ids.tolist(), "image_embeddings": normalised(image), "text_embeddings": normalised(text)}, f)
        f.write("\n")
    for d in ("tiny-archive", "tiny-archive-fp16"):
        print(os.path.join(args.resources, "models", d), os.path.getsize(os.path.join(args.resources, "models", d, "model.pt")))


if __name__ == "__main__":
    main()

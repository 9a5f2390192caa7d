#!/usr/bin/python3
"""Write a randomly initialised stand-in for OpenAI's ViT-B/32 CLIP archive: exactly its layout, not its weights.

The model (openai_layout.py) has ViT-B/32's shapes: 224 px images, 32 px patches, a 768-wide 12-layer vision
transformer; a 512-wide 12-layer, 8-head text transformer over 77 tokens and a 49408-token vocabulary; a 512-d
embedding space (about 151 M parameters). It is traced into one TorchScript archive with encode_image, encode_text
and forward, as OpenAI's ViT-B-32.pt is. Its embeddings mean nothing: it exists to measure encode speed and to run
the whole register -> ingest -> query path with a model of the real size.

    --precision fp32        traced on CPU in float32 (about 600 MB)
    --precision fp16-cuda   as OpenAI ships its archives: float16 weights and casts, cuda:0 device constants
                            (made from a bfloat16 CPU trace, see openai_layout.to_openai_fp16; about 300 MB)

Too large to commit: write it under target/ or /tmp. src/tools/bench-vit-b32.sh and the optional ViT-B/32 test tier
call this script.

Usage:
    /usr/bin/python3 src/tools/make_vit_b32_standin.py --out target/vit-b32/ViT-B-32.pt [--precision fp16-cuda]
"""

import argparse
import copy
import os
import sys
import tempfile
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import openai_layout as L  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True, help="archive file to write, e.g. target/vit-b32/ViT-B-32.pt")
    p.add_argument("--precision", choices=("fp32", "fp16-cuda"), default="fp32")
    p.add_argument("--config", choices=sorted(L.CONFIGS), default="vit-b-32", help="model shape (default: %(default)s)")
    p.add_argument("--seed", type=int, default=32)
    args = p.parse_args()
    config = L.CONFIGS[args.config]
    start = time.time()
    model = L.build(config, args.seed).eval()
    L.round_to_fp16_and_bf16(model)
    parameters = sum(t.numel() for t in model.parameters())
    out = os.path.abspath(args.out)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    if args.precision == "fp32":
        L.trace_archive(model, config, out)
    else:
        with tempfile.TemporaryDirectory(dir=os.path.dirname(out)) as tmp:
            # the archive's folder name inside the zip is its file name, so trace under the final name
            bf16 = os.path.join(tmp, os.path.basename(out))
            L.trace_archive(L.to_reduced_precision(copy.deepcopy(model), torch.bfloat16), config, bf16)
            L.to_openai_fp16(bf16, out)
    print(f"{out}: {args.config} {args.precision}, {parameters / 1e6:.1f} M parameters, "
          f"{os.path.getsize(out) / 1e6:.0f} MB, {time.time() - start:.0f} s")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Writes the weight programs the encoder uses to run Hugging Face Hub CLIP checkpoints without Python.

Each program is a TorchScript module with code and empty placeholder tensors only (no weights): a ViT image tower
or a causal text tower of any width, depth and head count. Java reads a checkpoint, stacks its per-layer weights
in the order of WEIGHTS below (the same order for transformers' and OpenCLIP's names) and calls the program's
``load(weights)`` once; the program copies them into its own parameters (float32 or bfloat16) or, for int8,
quantises every linear map to per-channel qint8 and keeps fbgemm's packed weights. The loaded module is then saved
from Java as the bundle's image_encoder.pt / text_encoder.pt (docs/model-bundle.md, "Hub bundles").

Run with Debian's torch 1.13 (``/usr/bin/python3``); the outputs are committed as encoder resources:

    /usr/bin/python3 src/tools/make_hub_programs.py --out src/encoder/src/main/resources/org/opensearch/clip/encoder/hub
"""
import argparse
import os
from typing import List

import torch
import torch.nn.functional as F
from torch import Tensor

# the per-layer stacks, each [layers, ...]: attention in-projection (q, k, v rows), out-projection, two layer norms,
# the MLP's two linear maps
LAYER_WEIGHTS = ["qkv_w", "qkv_b", "out_w", "out_b", "ln1_w", "ln1_b", "ln2_w", "ln2_b", "fc1_w", "fc1_b", "fc2_w", "fc2_b"]
VISION_WEIGHTS = ["patch_w", "class_emb", "pos_emb", "ln_pre_w", "ln_pre_b"] + LAYER_WEIGHTS + ["ln_post_w", "ln_post_b", "proj_w", "cfg"]
TEXT_WEIGHTS = ["tok_emb", "pos_emb"] + LAYER_WEIGHTS + ["ln_final_w", "ln_final_b", "proj_w", "cfg"]


def placeholder(dtype):
    return torch.nn.Parameter(torch.zeros(0, dtype=dtype), requires_grad=dtype.is_floating_point)


def pack(w: Tensor, b: Tensor):
    w = w.float().contiguous()
    scale = (w.abs().amax(dim=1) / 127.0).clamp(min=1e-12).double()
    zero = torch.zeros(w.size(0), dtype=torch.long)
    return torch.ops.quantized.linear_prepack(torch.quantize_per_channel(w, scale, zero, 0, torch.qint8), b.float().contiguous())


class Tower(torch.nn.Module):
    """What both towers share: the stacked transformer layers, the layer norm, the linear maps per precision."""

    int8: torch.jit.Final[bool]
    packed: List[torch.classes.quantized.LinearPackedParamsBase]

    def __init__(self, dtype, int8):
        super().__init__()
        self.int8 = int8
        self.register_buffer("dtype_probe", torch.zeros(0, dtype=dtype))
        for name in LAYER_WEIGHTS:
            setattr(self, name, placeholder(dtype))
        # cfg: [heads, layer_norm_eps, quick_gelu (1/0), end-of-text id (-1: argmax of the ids)], float64
        self.register_buffer("cfg", torch.zeros(4, dtype=torch.float64))
        self.packed = []

    def norm(self, x: Tensor, w: Tensor, b: Tensor) -> Tensor:
        eps = float(self.cfg[1])
        return F.layer_norm(x.float(), [x.size(-1)], w.float(), b.float(), eps).to(x.dtype)

    def linear(self, x: Tensor, j: int, w: Tensor, b: Tensor) -> Tensor:
        if self.int8:
            return torch.ops.quantized.linear_dynamic(x.float().contiguous(), self.packed[j], False)
        return F.linear(x, w, b)

    def blocks(self, x: Tensor, mask: Tensor) -> Tensor:
        heads = int(self.cfg[0])
        quick = bool(self.cfg[2] > 0.5)
        layers = self.ln1_w.size(0)
        batch, n, width = x.size(0), x.size(1), x.size(2)
        head = width // heads
        scale = float(head) ** -0.5
        for i in range(layers):
            h = self.norm(x, self.ln1_w[i], self.ln1_b[i])
            qkv = self.linear(h, 4 * i, self.qkv_w[i] if not self.int8 else self.qkv_w, self.qkv_b[i])
            qkv = qkv.to(x.dtype).reshape(batch, n, 3, heads, head).permute(2, 0, 3, 1, 4)
            q, k, v = qkv[0], qkv[1], qkv[2]
            scores = torch.matmul(q, k.transpose(-2, -1)).float() * scale + mask
            attention = torch.softmax(scores, dim=-1).to(x.dtype)
            o = torch.matmul(attention, v).transpose(1, 2).reshape(batch, n, width)
            x = x + self.linear(o, 4 * i + 1, self.out_w[i] if not self.int8 else self.out_w, self.out_b[i]).to(x.dtype)
            h = self.norm(x, self.ln2_w[i], self.ln2_b[i])
            h = self.linear(h, 4 * i + 2, self.fc1_w[i] if not self.int8 else self.fc1_w, self.fc1_b[i]).to(x.dtype)
            if quick:
                h = h * torch.sigmoid(1.702 * h)
            else:
                h = F.gelu(h)
            x = x + self.linear(h, 4 * i + 3, self.fc2_w[i] if not self.int8 else self.fc2_w, self.fc2_b[i]).to(x.dtype)
        return x

    def pack_linears(self, weights: List[Tensor], first_layer: int, proj: int, patch: int):
        """int8: fbgemm's packed per-channel qint8 weights of every linear map, in the order linear() indexes them."""
        packed: List[torch.classes.quantized.LinearPackedParamsBase] = []
        if self.int8:
            layers = weights[first_layer + 4].size(0)
            for i in range(layers):
                for j in [0, 2, 8, 10]:
                    packed.append(pack(weights[first_layer + j][i], weights[first_layer + j + 1][i]))
            packed.append(pack(weights[proj], torch.zeros(weights[proj].size(0))))
            if patch >= 0:
                w = weights[patch]
                packed.append(pack(w.reshape(w.size(0), -1), torch.zeros(w.size(0))))
        self.packed = packed

    def load_layers(self, w: List[Tensor], first: int):
        with torch.no_grad():
            put(self.qkv_w, w[first], self.int8)
            put(self.qkv_b, w[first + 1], False)
            put(self.out_w, w[first + 2], self.int8)
            put(self.out_b, w[first + 3], False)
            put(self.ln1_w, w[first + 4], False)
            put(self.ln1_b, w[first + 5], False)
            put(self.ln2_w, w[first + 6], False)
            put(self.ln2_b, w[first + 7], False)
            put(self.fc1_w, w[first + 8], self.int8)
            put(self.fc1_b, w[first + 9], False)
            put(self.fc2_w, w[first + 10], self.int8)
            put(self.fc2_b, w[first + 11], False)


def put(target: Tensor, value: Tensor, drop: bool):
    """Makes a placeholder hold value (cast to its dtype); an int8 program keeps no float copy of packed weights."""
    # set_ rather than resize_: the storage of a loaded program is not resizable
    if drop:
        target.set_(torch.zeros(0, dtype=target.dtype, device=target.device))
    else:
        target.set_(value.to(device=target.device, dtype=target.dtype).contiguous().clone())


class VisionTower(Tower):
    """ViT image tower: patch embedding, class token, positions, pre-norm, layers, post-norm of the class token, projection."""

    def __init__(self, dtype, int8):
        super().__init__(dtype, int8)
        for name in ["patch_w", "class_emb", "pos_emb", "ln_pre_w", "ln_pre_b", "ln_post_w", "ln_post_b", "proj_w"]:
            setattr(self, name, placeholder(dtype))

    @torch.jit.export
    def load(self, w: List[Tensor]):
        """Takes the weights in the order of VISION_WEIGHTS (see make_hub_programs.py)."""
        if len(w) != 21:
            raise ValueError("the vision program takes 21 weights")
        self.pack_linears(w, 5, 19, 0)
        with torch.no_grad():
            put(self.patch_w, w[0], False)
            put(self.class_emb, w[1], False)
            put(self.pos_emb, w[2], False)
            put(self.ln_pre_w, w[3], False)
            put(self.ln_pre_b, w[4], False)
            put(self.ln_post_w, w[17], False)
            put(self.ln_post_b, w[18], False)
            put(self.proj_w, w[19], self.int8)
            self.cfg.set_(w[20].to(torch.float64).clone())
        self.load_layers(w, 5)

    def forward(self, pixels: Tensor) -> Tensor:
        dtype = self.dtype_probe.dtype
        width, patch = self.patch_w.size(0), self.patch_w.size(2)
        batch, grid = pixels.size(0), pixels.size(2) // patch
        x = pixels.reshape(batch, 3, grid, patch, grid, patch).permute(0, 2, 4, 1, 3, 5).reshape(batch, grid * grid, 3 * patch * patch)
        if self.int8:
            x = torch.ops.quantized.linear_dynamic(x.float().contiguous(), self.packed[len(self.packed) - 1], False)
        else:
            x = torch.matmul(x.to(dtype), self.patch_w.reshape(width, -1).t())
        x = x.to(dtype)
        x = torch.cat([self.class_emb.reshape(1, 1, width).expand(batch, 1, width), x], dim=1) + self.pos_emb.unsqueeze(0)
        x = self.norm(x, self.ln_pre_w, self.ln_pre_b)
        x = self.blocks(x, torch.zeros(1, dtype=torch.float32, device=x.device))
        pooled = self.norm(x[:, 0], self.ln_post_w, self.ln_post_b)
        if self.int8:
            return torch.ops.quantized.linear_dynamic(pooled.float().contiguous(), self.packed[len(self.packed) - 2], False)
        return F.linear(pooled, self.proj_w, None).float()


class TextTower(Tower):
    """Causal text tower: token and position embeddings, layers under a causal mask, final norm, end-of-text pooling, projection."""

    def __init__(self, dtype, int8):
        super().__init__(dtype, int8)
        for name in ["tok_emb", "pos_emb", "ln_final_w", "ln_final_b", "proj_w"]:
            setattr(self, name, placeholder(dtype))

    @torch.jit.export
    def load(self, w: List[Tensor]):
        """Takes the weights in the order of TEXT_WEIGHTS (see make_hub_programs.py)."""
        if len(w) != 18:
            raise ValueError("the text program takes 18 weights")
        self.pack_linears(w, 2, 16, -1)
        with torch.no_grad():
            put(self.tok_emb, w[0], False)
            put(self.pos_emb, w[1], False)
            put(self.ln_final_w, w[14], False)
            put(self.ln_final_b, w[15], False)
            put(self.proj_w, w[16], self.int8)
            self.cfg.set_(w[17].to(torch.float64).clone())
        self.load_layers(w, 2)

    def forward(self, ids: Tensor) -> Tensor:
        batch, length = ids.size(0), ids.size(1)
        x = F.embedding(ids, self.tok_emb) + self.pos_emb[:length].unsqueeze(0)
        mask = torch.full([length, length], float("-inf"), device=x.device).triu(1)
        x = self.blocks(x, mask)
        x = self.norm(x, self.ln_final_w, self.ln_final_b)
        eos = int(self.cfg[3])
        if eos < 0:
            index = ids.argmax(dim=-1)
        else:
            index = (ids == eos).int().argmax(dim=-1)
        pooled = x[torch.arange(batch, device=x.device), index]
        if self.int8:
            return torch.ops.quantized.linear_dynamic(pooled.float().contiguous(), self.packed[len(self.packed) - 1], False)
        return F.linear(pooled, self.proj_w, None).float()


def script(cls, dtype, int8):
    module = cls(dtype, int8)
    return torch.jit.script(module)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for precision, dtype, int8 in [("fp32", torch.float32, False), ("bf16", torch.bfloat16, False), ("int8", torch.float32, True)]:
        for tower, cls in [("vision", VisionTower), ("text", TextTower)]:
            path = os.path.join(args.out, f"{tower}-{precision}.pt")
            script(cls, dtype, int8).save(path)
            print(path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Port the pretrained MobileNetV2 of the nsfwjs npm package to PyTorch and check the port against TensorFlow.js.

nsfwjs (MIT, Infinite Red) bundles a Keras MobileNetV2 (alpha 1.0, 224 px) whose layers up to block_10 are Keras'
ImageNet weights, kept frozen while the rest was fine-tuned to five classes; its weights are stored as uint8 with a
per-tensor scale and minimum. src/tools/nsfwjs_model.js extracts the topology and the weights; this script reads
them, folds every batch norm into its convolution (y = conv(x) * gamma / sqrt(var + eps) + beta - mean * ...), and
builds the same network from its own modules: Keras' asymmetric zero padding before the stride-2 convolutions, ReLU6,
the inverted residual blocks with their additions.

    --check           runs the port and TensorFlow.js on the same pictures (seeded noise and smooth gradients at
                      224 px) and writes the agreement (cosine of the 1280 out_relu channel means, largest difference
                      of the five class probabilities) to --out; exits non-zero below cosine 0.9999

make_emoji_model.py --image-tower mobilenet uses `MobileNetImageEncoder`: the trunk with Conv1 .. block_{N-1} locked
(their weights are TorchScript buffers, so the trainer neither computes gradients for them nor updates them) and
block_N .. Conv_1 trainable from their pretrained values, then a pooled head into the text tower's space.

Usage:
    node src/tools/nsfwjs_model.js extract <nsfwjs package dir> /tmp/mnv2
    /usr/bin/python3 src/tools/convert_mobilenet.py --model /tmp/mnv2 --check --out /tmp/mnv2/check.json
"""

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
from typing import List

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

BLOCKS = 17  # expanded_conv, block_1 .. block_16
TOOLS = os.path.dirname(os.path.abspath(__file__))


def load_keras(model_dir):
    """The extracted model: {layer name: config} and {weight name: float32 tensor}, dequantised."""
    with open(os.path.join(model_dir, "model.json"), encoding="utf-8") as f:
        model = json.load(f)
    layers = {l["name"]: l for l in model["modelTopology"]["model_config"]["config"]["layers"]}
    with open(os.path.join(model_dir, "weights.bin"), "rb") as f:
        data = f.read()
    weights, offset = {}, 0
    for group in model["weightsManifest"]:
        for spec in group["weights"]:
            n = math.prod(spec["shape"])
            q = spec.get("quantization")
            if q is None:
                values = np.frombuffer(data, dtype=np.float32, count=n, offset=offset)
                offset += 4 * n
            elif q["dtype"] == "uint8":
                values = np.frombuffer(data, dtype=np.uint8, count=n, offset=offset).astype(np.float64)
                values = (values * q["scale"] + q["min"]).astype(np.float32)
                offset += n
            else:
                raise ValueError(f"{spec['name']}: unsupported quantisation {q['dtype']}")
            weights[spec["name"]] = torch.from_numpy(values.reshape(spec["shape"]).copy())
    if offset != len(data):
        raise ValueError(f"weights.bin holds {len(data)} bytes, the manifest describes {offset}")
    return layers, weights


def folded(weights, conv, bn, depthwise, eps):
    """A Keras conv kernel with its batch norm folded in, as a PyTorch (weight, bias) pair."""
    if depthwise:
        k = weights[f"{conv}/depthwise_kernel"]  # [kh, kw, in, 1]
        w = k.permute(2, 3, 0, 1).reshape(k.shape[2] * k.shape[3], 1, k.shape[0], k.shape[1])
    else:
        k = weights[f"{conv}/kernel"]  # [kh, kw, in, out]
        w = k.permute(3, 2, 0, 1)
    gamma, beta = weights[f"{bn}/gamma"], weights[f"{bn}/beta"]
    mean, var = weights[f"{bn}/moving_mean"], weights[f"{bn}/moving_variance"]
    scale = gamma / torch.sqrt(var + eps)
    return (w * scale.reshape(-1, 1, 1, 1)).contiguous(), (beta - mean * scale).contiguous()


class Conv(nn.Module):
    """A convolution with its batch norm folded in, Keras padding, optional ReLU6; locked weights are buffers."""

    def __init__(self, weight, bias, stride: int, pad: List[int], groups: int, relu: bool, locked: bool):
        super().__init__()
        if locked:
            self.register_buffer("weight", weight)
            self.register_buffer("bias", bias)
        else:
            self.weight = nn.Parameter(weight)
            self.bias = nn.Parameter(bias)
        self.stride = stride
        self.pad = pad
        self.groups = groups
        self.relu = relu

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.conv2d(F.pad(x, self.pad), self.weight, self.bias, self.stride, 0, 1, self.groups)
        return torch.clamp(x, 0.0, 6.0) if self.relu else x


class InvertedResidual(nn.Module):
    """MobileNetV2 block: 1x1 expansion (not in the first block), 3x3 depthwise, 1x1 projection, optional addition."""

    def __init__(self, expand: nn.Module, depthwise: Conv, project: Conv, residual: bool):
        super().__init__()
        self.expand = expand
        self.depthwise = depthwise
        self.project = project
        self.residual = residual

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.project(self.depthwise(self.expand(x)))
        return x + y if self.residual else y


def keras_pad(layers, name):
    """F.pad's [left, right, top, bottom] for a ZeroPadding2D layer (none: [0, 0, 0, 0])."""
    if name not in layers:
        return [0, 0, 0, 0]
    (top, bottom), (left, right) = layers[name]["config"]["padding"]
    return [left, right, top, bottom]


class Trunk(nn.Module):
    """MobileNetV2 from the pixels (NCHW, scaled to the range the weights expect) to out_relu (1280 channels)."""

    def __init__(self, layers, weights, train_from: int):
        super().__init__()
        eps = layers["bn_Conv1"]["config"]["epsilon"]

        def conv(name, bn, stride, pad, depthwise, relu, locked):
            w, b = folded(weights, name, bn, depthwise, eps)
            return Conv(w, b, stride, pad, w.shape[0] if depthwise else 1, relu, locked)

        self.stem = conv("Conv1", "bn_Conv1", 2, keras_pad(layers, "Conv1_pad"), False, True, train_from > 0)
        blocks = []
        for i in range(BLOCKS):
            prefix = "expanded_conv" if i == 0 else f"block_{i}"
            locked = i < train_from
            expand = (conv(f"{prefix}_expand", f"{prefix}_expand_BN", 1, [0, 0, 0, 0], False, True, locked)
                      if f"{prefix}_expand" in layers else nn.Identity())
            cfg = layers[f"{prefix}_depthwise"]["config"]
            stride = cfg["strides"][0]
            pad = keras_pad(layers, f"{prefix}_pad") if stride == 2 else [1, 1, 1, 1]
            if cfg["padding"] == "valid" and stride == 1:
                pad = [0, 0, 0, 0]
            depthwise = conv(f"{prefix}_depthwise", f"{prefix}_depthwise_BN", stride, pad, True, True, locked)
            project = conv(f"{prefix}_project", f"{prefix}_project_BN", 1, [0, 0, 0, 0], False, False, locked)
            blocks.append(InvertedResidual(expand, depthwise, project, f"{prefix}_add" in layers))
        self.blocks = nn.ModuleList(blocks)
        self.head = conv("Conv_1", "Conv_1_bn", 1, [0, 0, 0, 0], False, True, False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.stem(x)
        for block in self.blocks:
            x = block(x)
        return self.head(x)


class NsfwClassifier(nn.Module):
    """The whole nsfwjs network (trunk, 7x7 average pool, three dense layers, softmax): only for the check."""

    def __init__(self, layers, weights):
        super().__init__()
        self.trunk = Trunk(layers, weights, BLOCKS)
        self.dense = [(weights[f"dense_{i}/kernel"].t().contiguous(), weights[f"dense_{i}/bias"]) for i in (1, 2, 3)]

    def forward(self, x):
        grid = self.trunk(x)
        h = grid.mean(dim=(2, 3))
        for i, (w, b) in enumerate(self.dense):
            h = F.linear(h, w, b)
            h = torch.relu(h) if i < 2 else torch.softmax(h, dim=1)
        return grid.mean(dim=(2, 3)), h


class MobileNetImageEncoder(nn.Module):
    """Pixels (CLIP-style normalised with mean = std = 0.5, i.e. the [-1, 1] range MobileNetV2 was trained on) ->
    the pretrained trunk -> mean and max of every out_relu channel -> LayerNorm -> a projection: linear
    (hidden 0) or two layers with a GELU between."""

    def __init__(self, layers, weights, train_from: int, dim: int, hidden: int):
        super().__init__()
        self.trunk = Trunk(layers, weights, train_from)
        self.ln = nn.LayerNorm(2 * 1280)
        self.two_layer = hidden > 0
        self.hidden = nn.Linear(2 * 1280, hidden) if hidden > 0 else nn.Identity()
        self.proj = nn.Linear(hidden if hidden > 0 else 2 * 1280, dim, bias=False)

    def forward(self, pixels: torch.Tensor) -> torch.Tensor:
        x = self.trunk(pixels)
        x = self.ln(torch.cat([x.mean(dim=(2, 3)), x.amax(dim=(2, 3))], dim=1))
        if self.two_layer:
            x = F.gelu(self.hidden(x))
        return self.proj(x)


def probe_pictures(count, size, seed):
    """Seeded pictures in [0, 1] (nsfwjs divides bytes by 255): noise, and smooth colour gradients with shapes."""
    g = torch.Generator().manual_seed(seed)
    pics = []
    ys, xs = torch.meshgrid(torch.linspace(0, 1, size), torch.linspace(0, 1, size), indexing="ij")
    for i in range(count):
        if i % 2 == 0:
            pics.append(torch.rand(size, size, 3, generator=g))
        else:
            a, b, c = torch.rand(3, generator=g)
            disc = (((xs - a) ** 2 + (ys - b) ** 2) < (0.1 + 0.2 * c) ** 2).float()
            pics.append(torch.stack([xs * a + disc * (1 - a), ys * b, (1 - xs) * c + disc * 0.5], dim=2).clamp(0, 1))
    return torch.stack(pics)  # NHWC


def check(model_dir, out, count=6, size=224):
    layers, weights = load_keras(model_dir)
    model = NsfwClassifier(layers, weights)
    pics = probe_pictures(count, size, 20261202)
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = os.path.join(tmp, "in.f32"), os.path.join(tmp, "out.f32")
        pics.numpy().astype(np.float32).tofile(src)
        subprocess.run(["node", os.path.join(TOOLS, "nsfwjs_model.js"), "reference", model_dir, src, str(count),
                        str(size), dst], check=True)
        ref = torch.from_numpy(np.fromfile(dst, dtype=np.float32).reshape(count, 1285))
    with torch.no_grad():
        means, probs = model(pics.permute(0, 3, 1, 2).contiguous())
    cos = F.cosine_similarity(means.double(), ref[:, :1280].double(), dim=1)
    result = {
        "pictures": count,
        "size": size,
        "reference": "TensorFlow.js 4.22.0 (cpu backend) on the same extracted weights",
        "feature_cosine_min": float(cos.min()),
        "feature_max_abs_diff": float((means - ref[:, :1280]).abs().max()),
        "probability_max_abs_diff": float((probs - ref[:, 1280:]).abs().max()),
    }
    with open(out, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    print(json.dumps(result))
    if result["feature_cosine_min"] < 0.9999:
        sys.exit("the PyTorch port disagrees with TensorFlow.js")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", required=True, help="directory written by nsfwjs_model.js extract")
    p.add_argument("--check", action="store_true", help="compare the port with TensorFlow.js")
    p.add_argument("--out", help="where --check writes its result (default: MODEL/check.json)")
    args = p.parse_args()
    torch.set_num_threads(1)
    if args.check:
        check(args.model, args.out or os.path.join(args.model, "check.json"))


if __name__ == "__main__":
    main()

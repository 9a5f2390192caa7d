#!/usr/bin/python3
"""Writes Hugging Face Hub CLIP snapshots with random weights, in the exact file formats and state-dict names of
transformers' CLIPModel and of OpenCLIP, plus the embeddings their own forward pass gives, for the encoder's tests.

No transformers or open_clip here: the reference modules below are written for this tool in those libraries'
parameter names (transformers: ``vision_model.encoder.layers.N.self_attn.q_proj.weight`` ...; OpenCLIP / OpenAI:
``visual.transformer.resblocks.N.attn.in_proj_weight`` ...) and compute as they do (QuickGELU or GELU, class token,
pre/post layer norms, causal text mask, end-of-text pooling by argmax or by eos_token_id). They are independent of
the weight programs (make_hub_programs.py) the Java side runs.

    /usr/bin/python3 src/tools/make_hub_checkpoints.py --out src/encoder/src/test/resources/hub            # tiny
    /usr/bin/python3 src/tools/make_hub_checkpoints.py --size vit-b32 --out target/hub-vit-b32               # ViT-B/32-sized

Each snapshot directory gets reference.json: the inputs' embeddings (unnormalised), for pixels in
inputs.pixels.f32 (float32 little-endian [N,3,S,S]) and token ids in inputs.json.
"""
import argparse
import json
import math
import os
import shutil
import struct

import torch
import torch.nn as nn
import torch.nn.functional as F


def act(x, quick):
    return x * torch.sigmoid(1.702 * x) if quick else F.gelu(x)


# ---------------------------------------------------------------- transformers CLIPModel, its parameter names
class HfAttention(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.q_proj, self.k_proj, self.v_proj, self.out_proj = (nn.Linear(width, width) for _ in range(4))

    def forward(self, x, causal):
        b, n, w = x.shape
        d = w // self.heads
        q = (self.q_proj(x) * d ** -0.5).view(b, n, self.heads, d).transpose(1, 2)
        k = self.k_proj(x).view(b, n, self.heads, d).transpose(1, 2)
        v = self.v_proj(x).view(b, n, self.heads, d).transpose(1, 2)
        a = q @ k.transpose(-1, -2)
        if causal:
            a = a + torch.full((n, n), float("-inf")).triu(1)
        o = (a.softmax(-1) @ v).transpose(1, 2).reshape(b, n, w)
        return self.out_proj(o)


class HfMlp(nn.Module):
    def __init__(self, width, inner, quick):
        super().__init__()
        self.quick = quick
        self.fc1, self.fc2 = nn.Linear(width, inner), nn.Linear(inner, width)

    def forward(self, x):
        return self.fc2(act(self.fc1(x), self.quick))


class HfLayer(nn.Module):
    def __init__(self, c, quick):
        super().__init__()
        self.self_attn = HfAttention(c["hidden_size"], c["num_attention_heads"])
        self.layer_norm1 = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])
        self.mlp = HfMlp(c["hidden_size"], c["intermediate_size"], quick)
        self.layer_norm2 = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])

    def forward(self, x, causal):
        x = x + self.self_attn(self.layer_norm1(x), causal)
        return x + self.mlp(self.layer_norm2(x))


class HfEncoder(nn.Module):
    def __init__(self, c):
        super().__init__()
        quick = c["hidden_act"] == "quick_gelu"
        self.layers = nn.ModuleList(HfLayer(c, quick) for _ in range(c["num_hidden_layers"]))


class HfVisionEmbeddings(nn.Module):
    def __init__(self, c):
        super().__init__()
        w, p = c["hidden_size"], c["patch_size"]
        n = (c["image_size"] // p) ** 2 + 1
        self.class_embedding = nn.Parameter(torch.randn(w))
        self.patch_embedding = nn.Conv2d(3, w, p, p, bias=False)
        self.position_embedding = nn.Embedding(n, w)
        self.register_buffer("position_ids", torch.arange(n).unsqueeze(0))


class HfVision(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.embeddings = HfVisionEmbeddings(c)
        self.pre_layrnorm = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])  # transformers' spelling
        self.encoder = HfEncoder(c)
        self.post_layernorm = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])

    def forward(self, pixels):
        e = self.embeddings
        x = e.patch_embedding(pixels).flatten(2).transpose(1, 2)
        x = torch.cat([e.class_embedding.expand(x.size(0), 1, -1), x], 1) + e.position_embedding(e.position_ids)
        x = self.pre_layrnorm(x)
        for layer in self.encoder.layers:
            x = layer(x, False)
        return self.post_layernorm(x[:, 0])


class HfTextEmbeddings(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.token_embedding = nn.Embedding(c["vocab_size"], c["hidden_size"])
        self.position_embedding = nn.Embedding(c["max_position_embeddings"], c["hidden_size"])
        self.register_buffer("position_ids", torch.arange(c["max_position_embeddings"]).unsqueeze(0))


class HfText(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.eos = c.get("eos_token_id", 2)
        self.embeddings = HfTextEmbeddings(c)
        self.encoder = HfEncoder(c)
        self.final_layer_norm = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])

    def forward(self, ids):
        e = self.embeddings
        x = e.token_embedding(ids) + e.position_embedding(e.position_ids[:, : ids.size(1)])
        for layer in self.encoder.layers:
            x = layer(x, True)
        x = self.final_layer_norm(x)
        if self.eos == 2:  # transformers' legacy configs: the highest id is the end token
            index = ids.argmax(-1)
        else:
            index = (ids == self.eos).int().argmax(-1)
        return x[torch.arange(x.size(0)), index]


class HfClip(nn.Module):
    def __init__(self, config):
        super().__init__()
        v, t = config["vision_config"], config["text_config"]
        self.vision_model = HfVision(v)
        self.text_model = HfText(t)
        self.visual_projection = nn.Linear(v["hidden_size"], config["projection_dim"], bias=False)
        self.text_projection = nn.Linear(t["hidden_size"], config["projection_dim"], bias=False)
        self.logit_scale = nn.Parameter(torch.tensor(math.log(1 / 0.07)))

    def encode_image(self, pixels):
        return self.visual_projection(self.vision_model(pixels))

    def encode_text(self, ids):
        return self.text_projection(self.text_model(ids))


# ---------------------------------------------------------------- OpenCLIP (OpenAI's names)
class OcBlock(nn.Module):
    def __init__(self, width, heads, quick):
        super().__init__()
        self.quick = quick
        self.ln_1 = nn.LayerNorm(width)
        self.attn = nn.MultiheadAttention(width, heads, batch_first=True)
        self.ln_2 = nn.LayerNorm(width)
        self.mlp = nn.Sequential()
        self.mlp.add_module("c_fc", nn.Linear(width, width * 4))
        self.mlp.add_module("c_proj", nn.Linear(width * 4, width))

    def forward(self, x, mask):
        h = self.ln_1(x)
        x = x + self.attn(h, h, h, need_weights=False, attn_mask=mask)[0]
        return x + self.mlp.c_proj(act(self.mlp.c_fc(self.ln_2(x)), self.quick))


class OcTransformer(nn.Module):
    def __init__(self, width, layers, heads, quick):
        super().__init__()
        self.resblocks = nn.ModuleList(OcBlock(width, heads, quick) for _ in range(layers))

    def forward(self, x, mask=None):
        for block in self.resblocks:
            x = block(x, mask)
        return x


class OcVisual(nn.Module):
    def __init__(self, v, embed_dim, quick):
        super().__init__()
        w, p = v["width"], v["patch_size"]
        n = (v["image_size"] // p) ** 2 + 1
        self.conv1 = nn.Conv2d(3, w, p, p, bias=False)
        self.class_embedding = nn.Parameter(torch.randn(w) * w ** -0.5)
        self.positional_embedding = nn.Parameter(torch.randn(n, w) * w ** -0.5)
        self.ln_pre = nn.LayerNorm(w)
        self.transformer = OcTransformer(w, v["layers"], w // v.get("head_width", 64), quick)
        self.ln_post = nn.LayerNorm(w)
        self.proj = nn.Parameter(torch.randn(w, embed_dim) * w ** -0.5)

    def forward(self, pixels):
        x = self.conv1(pixels).flatten(2).transpose(1, 2)
        x = torch.cat([self.class_embedding.expand(x.size(0), 1, -1), x], 1) + self.positional_embedding
        x = self.transformer(self.ln_pre(x))
        return self.ln_post(x[:, 0]) @ self.proj


class OcClip(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        quick = cfg.get("quick_gelu", False)
        t = cfg["text_cfg"]
        self.context_length = t["context_length"]
        self.visual = OcVisual(cfg["vision_cfg"], cfg["embed_dim"], quick)
        self.transformer = OcTransformer(t["width"], t["layers"], t["heads"], quick)
        self.token_embedding = nn.Embedding(t["vocab_size"], t["width"])
        self.positional_embedding = nn.Parameter(torch.randn(t["context_length"], t["width"]) * 0.01)
        self.ln_final = nn.LayerNorm(t["width"])
        self.text_projection = nn.Parameter(torch.randn(t["width"], cfg["embed_dim"]) * t["width"] ** -0.5)
        self.logit_scale = nn.Parameter(torch.tensor(math.log(1 / 0.07)))
        self.register_buffer("attn_mask", torch.full((t["context_length"],) * 2, float("-inf")).triu(1), persistent=False)

    def encode_image(self, pixels):
        return self.visual(pixels)

    def encode_text(self, ids):
        x = self.token_embedding(ids) + self.positional_embedding
        x = self.ln_final(self.transformer(x, self.attn_mask))
        return x[torch.arange(x.size(0)), ids.argmax(-1)] @ self.text_projection


# ---------------------------------------------------------------- file formats
SAFETENSORS_DTYPES = {torch.float32: ("F32", 4), torch.float16: ("F16", 2), torch.bfloat16: ("BF16", 2), torch.int64: ("I64", 8)}


def write_safetensors(path, tensors, dtype=None):
    """safetensors: u64 little-endian header length, JSON header (dtype, shape, data_offsets), then the raw data."""
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name in sorted(tensors):
        t = tensors[name].detach().contiguous()
        if dtype is not None and t.is_floating_point():
            t = t.to(dtype)
        code, _ = SAFETENSORS_DTYPES[t.dtype]
        raw = t.reshape(-1).view(torch.uint8).numpy().tobytes() if t.numel() else b""
        header[name] = {"dtype": code, "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for raw in blobs:
            f.write(raw)


def randomise(model, generator):
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("logit_scale"):
                continue
            if "norm" in name or "ln_" in name:
                p.copy_((1.0 if name.endswith("weight") else 0.0) + 0.1 * torch.randn(p.shape, generator=generator))
            else:
                p.copy_(torch.randn(p.shape, generator=generator) * (0.5 / math.sqrt(p.shape[-1])))


def round_to(model, dtype):
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(p.to(dtype).float())


SIZES = {
    # vision width/layers/heads/patch/image, text width/layers/heads, projection, vocabulary, context
    "tiny": dict(vw=16, vl=2, vh=2, patch=8, image=32, tw=16, tl=2, th=2, proj=8, vocab=400, ctx=77),
    "vit-b32": dict(vw=768, vl=12, vh=12, patch=32, image=224, tw=512, tl=12, th=8, proj=512, vocab=49408, ctx=77),
}


def hf_config(s, act_name, eos):
    return {
        "architectures": ["CLIPModel"], "model_type": "clip", "projection_dim": s["proj"], "logit_scale_init_value": 2.6592,
        "text_config": {"hidden_size": s["tw"], "num_hidden_layers": s["tl"], "num_attention_heads": s["th"],
                        "intermediate_size": 4 * s["tw"], "hidden_act": act_name, "layer_norm_eps": 1e-5,
                        "vocab_size": s["vocab"], "max_position_embeddings": s["ctx"], "eos_token_id": eos,
                        "bos_token_id": 0 if eos == 2 else eos - 1, "pad_token_id": 1, "projection_dim": s["proj"]},
        "vision_config": {"hidden_size": s["vw"], "num_hidden_layers": s["vl"], "num_attention_heads": s["vh"],
                          "intermediate_size": 4 * s["vw"], "hidden_act": act_name, "layer_norm_eps": 1e-5,
                          "patch_size": s["patch"], "image_size": s["image"], "num_channels": 3, "projection_dim": s["proj"]},
    }


def oc_config(s, quick):
    return {
        "model_cfg": {"embed_dim": s["proj"], "quick_gelu": quick,
                      "vision_cfg": {"image_size": s["image"], "layers": s["vl"], "width": s["vw"], "patch_size": s["patch"],
                                     "head_width": s["vw"] // s["vh"]},
                      "text_cfg": {"context_length": s["ctx"], "vocab_size": s["vocab"], "width": s["tw"], "heads": s["th"],
                                   "layers": s["tl"]}},
        "preprocess_cfg": {"mean": [0.48145466, 0.4578275, 0.40821073], "std": [0.26862954, 0.26130258, 0.27577711],
                           "interpolation": "bicubic", "resize_mode": "shortest"},
    }


def preprocessor(s):
    return {"crop_size": {"height": s["image"], "width": s["image"]}, "do_center_crop": True, "do_normalize": True,
            "do_resize": True, "image_processor_type": "CLIPImageProcessor", "image_mean": [0.48145466, 0.4578275, 0.40821073],
            "image_std": [0.26862954, 0.26130258, 0.27577711], "resample": 3, "size": {"shortest_edge": s["image"]}}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True)
    parser.add_argument("--size", choices=sorted(SIZES), default="tiny")
    parser.add_argument("--tokenizer", default=os.path.join(os.path.dirname(__file__), "..", "encoder", "src", "test", "resources",
                                                            "models", "tiny-clip", "tokenizer.json"))
    parser.add_argument("--only", help="comma-separated snapshot names to write (default: all)")
    args = parser.parse_args()
    s = SIZES[args.size]
    torch.manual_seed(11)
    generator = torch.Generator().manual_seed(11)
    os.makedirs(args.out, exist_ok=True)
    images = 4 if args.size == "tiny" else 8
    pixels = torch.randn(images, 3, s["image"], s["image"], generator=generator)
    ids = []
    for length in [3, 9, 20]:
        row = [s["vocab"] - 2] + [int(x) for x in torch.randint(3, s["vocab"] - 3, (length,), generator=generator)] + [s["vocab"] - 1]
        ids.append(row + [0] * (s["ctx"] - len(row)))
    ids = torch.tensor(ids)
    with open(os.path.join(args.out, "inputs.pixels.f32"), "wb") as f:
        f.write(pixels.numpy().astype("<f4").tobytes())
    with open(os.path.join(args.out, "inputs.json"), "w") as f:
        json.dump({"pixels_shape": list(pixels.shape), "ids": ids.tolist()}, f)

    # name: (layout, file format, activation, eos pooling / quick_gelu, weight dtype in the file)
    snapshots = {
        "hf-safetensors-quickgelu": ("hf", "safetensors", "quick_gelu", 2, torch.float32),
        "hf-bin-gelu-eos": ("hf", "bin", "gelu", s["vocab"] - 1, torch.float32),
        "openclip-safetensors-fp16-quickgelu": ("openclip", "safetensors", True, None, torch.float16),
        "openclip-bin-gelu": ("openclip", "bin", False, None, torch.float32),
    }
    only = set(args.only.split(",")) if args.only else set(snapshots)
    for name, (layout, fmt, activation, eos, dtype) in snapshots.items():
        if name not in only:
            continue
        d = os.path.join(args.out, name)
        os.makedirs(d, exist_ok=True)
        if layout == "hf":
            config = hf_config(s, activation, eos)
            model = HfClip(config)
            files = {"config.json": config, "preprocessor_config.json": preprocessor(s)}
            weights = "model.safetensors" if fmt == "safetensors" else "pytorch_model.bin"
        else:
            config = oc_config(s, activation)
            model = OcClip(config["model_cfg"])
            files = {"open_clip_config.json": config}
            weights = "open_clip_model.safetensors" if fmt == "safetensors" else "open_clip_pytorch_model.bin"
        randomise(model, generator)
        round_to(model, dtype)
        model.eval()
        for file, content in files.items():
            with open(os.path.join(d, file), "w") as f:
                json.dump(content, f, indent=2)
        state = model.state_dict()
        if fmt == "safetensors":
            write_safetensors(os.path.join(d, weights), state, dtype)
        else:
            torch.save(state, os.path.join(d, weights))
        shutil.copyfile(args.tokenizer, os.path.join(d, "tokenizer.json"))
        with torch.no_grad():
            reference = {"image_embeddings": model.encode_image(pixels).tolist(), "text_embeddings": model.encode_text(ids).tolist(),
                         "logit_scale": float(model.logit_scale.exp())}
        with open(os.path.join(d, "reference.json"), "w") as f:
            json.dump(reference, f)
        print(d, sorted(os.listdir(d)), os.path.getsize(os.path.join(d, weights)), "bytes of weights")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Test export_clip.py without transformers or open_clip: exports architecture-identical, randomly initialised
stand-ins of a Hugging Face CLIPModel and of an OpenCLIP model, checks the traced encoders, and writes what the
Java test (ExportedBundlesTest) compares against.

The stand-ins are written here for the test from the two libraries' documented module structure: the same module
tree, parameter names and shapes (so the libraries' state dicts would load into them), the same methods the
exporter calls (get_image_features / get_text_features, encode_image / encode_text) and the attributes it reads
(config, image_size, image_mean, context_length). Layers are small so the test is fast; the code paths are those
of a full-size model. OpenCLIP's attention is torch's nn.MultiheadAttention (batch_first), whose fused inference
fast path a trace in eval mode without gradients would capture: the test checks that the export does not.

Writes into --out:
    hf/, open-clip/          the two bundles
    reference.json           {"pixels": [..], "ids": [[..]], "<bundle>": {"image": [[..]], "text": [[..]]}}: inputs and
                             the stand-ins' own (eager, untraced) L2-normalised embeddings

Usage: /usr/bin/python3 src/tools/test_export_clip.py --vocab src/encoder/src/test/resources/models/synthetic-bpe-vocab.txt.gz --out DIR
"""

import argparse
import json
import math
import os
import sys
from types import SimpleNamespace

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export_clip  # noqa: E402

IMAGE, PATCH, WIDTH, LAYERS, HEADS, CONTEXT, VOCAB, DIM = 32, 16, 64, 2, 4, 77, 49408, 48


def quick_gelu(x):
    return x * torch.sigmoid(1.702 * x)


# --- a Hugging Face CLIPModel stand-in: transformers' module tree and names ------------------------------------

class HFAttention(nn.Module):
    def __init__(self):
        super().__init__()
        self.num_heads, self.head_dim = HEADS, WIDTH // HEADS
        self.k_proj, self.v_proj, self.q_proj, self.out_proj = (nn.Linear(WIDTH, WIDTH) for _ in range(4))

    def forward(self, x, causal_mask=None):
        b, n, _ = x.shape

        def heads(t):
            return t.view(b, n, self.num_heads, self.head_dim).transpose(1, 2)

        q, k, v = heads(self.q_proj(x) * self.head_dim ** -0.5), heads(self.k_proj(x)), heads(self.v_proj(x))
        scores = q @ k.transpose(-1, -2)
        if causal_mask is not None:
            scores = scores + causal_mask
        y = (scores.softmax(dim=-1) @ v).transpose(1, 2).reshape(b, n, WIDTH)
        return self.out_proj(y)


class HFMLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1, self.fc2 = nn.Linear(WIDTH, 4 * WIDTH), nn.Linear(4 * WIDTH, WIDTH)

    def forward(self, x):
        return self.fc2(quick_gelu(self.fc1(x)))


class HFEncoderLayer(nn.Module):
    def __init__(self):
        super().__init__()
        self.self_attn, self.layer_norm1, self.mlp, self.layer_norm2 = HFAttention(), nn.LayerNorm(WIDTH), HFMLP(), nn.LayerNorm(WIDTH)

    def forward(self, x, causal_mask=None):
        x = x + self.self_attn(self.layer_norm1(x), causal_mask)
        return x + self.mlp(self.layer_norm2(x))


class HFEncoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList(HFEncoderLayer() for _ in range(LAYERS))

    def forward(self, x, causal_mask=None):
        for layer in self.layers:
            x = layer(x, causal_mask)
        return x


class HFTextEmbeddings(nn.Module):
    def __init__(self):
        super().__init__()
        self.token_embedding, self.position_embedding = nn.Embedding(VOCAB, WIDTH), nn.Embedding(CONTEXT, WIDTH)
        self.register_buffer("position_ids", torch.arange(CONTEXT).expand((1, -1)), persistent=False)

    def forward(self, input_ids):
        return self.token_embedding(input_ids) + self.position_embedding(self.position_ids[:, :input_ids.shape[-1]])


class HFTextTransformer(nn.Module):
    def __init__(self):
        super().__init__()
        self.embeddings, self.encoder, self.final_layer_norm = HFTextEmbeddings(), HFEncoder(), nn.LayerNorm(WIDTH)

    def forward(self, input_ids):
        n = input_ids.shape[-1]
        mask = torch.full((n, n), torch.finfo(torch.float32).min, device=input_ids.device).triu(1)
        x = self.final_layer_norm(self.encoder(self.embeddings(input_ids), mask))
        pooled = x[torch.arange(x.shape[0], device=x.device), input_ids.to(torch.int).argmax(dim=-1)]
        return SimpleNamespace(last_hidden_state=x, pooler_output=pooled)


class HFVisionEmbeddings(nn.Module):
    def __init__(self):
        super().__init__()
        positions = (IMAGE // PATCH) ** 2 + 1
        self.class_embedding = nn.Parameter(torch.randn(WIDTH))
        self.patch_embedding = nn.Conv2d(3, WIDTH, kernel_size=PATCH, stride=PATCH, bias=False)
        self.position_embedding = nn.Embedding(positions, WIDTH)
        self.register_buffer("position_ids", torch.arange(positions).expand((1, -1)), persistent=False)

    def forward(self, pixel_values):
        patches = self.patch_embedding(pixel_values).flatten(2).transpose(1, 2)
        cls = self.class_embedding.expand(pixel_values.shape[0], 1, -1)
        return torch.cat([cls, patches], dim=1) + self.position_embedding(self.position_ids)


class HFVisionTransformer(nn.Module):
    def __init__(self):
        super().__init__()
        self.embeddings, self.pre_layrnorm = HFVisionEmbeddings(), nn.LayerNorm(WIDTH)
        self.encoder, self.post_layernorm = HFEncoder(), nn.LayerNorm(WIDTH)

    def forward(self, pixel_values):
        x = self.encoder(self.pre_layrnorm(self.embeddings(pixel_values)))
        return SimpleNamespace(last_hidden_state=x, pooler_output=self.post_layernorm(x[:, 0, :]))


class HFCLIPModel(nn.Module):
    """transformers.CLIPModel's tree: text_model, vision_model, visual_projection, text_projection, logit_scale."""

    def __init__(self):
        super().__init__()
        self.config = SimpleNamespace(projection_dim=DIM, vision_config=SimpleNamespace(image_size=IMAGE, patch_size=PATCH),
                                      text_config=SimpleNamespace(max_position_embeddings=CONTEXT, eos_token_id=2))
        self.text_model, self.vision_model = HFTextTransformer(), HFVisionTransformer()
        self.visual_projection = nn.Linear(WIDTH, DIM, bias=False)
        self.text_projection = nn.Linear(WIDTH, DIM, bias=False)
        self.logit_scale = nn.Parameter(torch.tensor(math.log(1 / 0.07)))

    def get_image_features(self, pixel_values=None):
        return self.visual_projection(self.vision_model(pixel_values=pixel_values).pooler_output)

    def get_text_features(self, input_ids=None, attention_mask=None):
        return self.text_projection(self.text_model(input_ids=input_ids).pooler_output)


HF_PROCESSOR = {"image_mean": [0.5, 0.4, 0.3], "image_std": [0.2, 0.25, 0.3], "size": {"shortest_edge": 40},
                "crop_size": {"height": IMAGE, "width": IMAGE}, "resample": 3}


# --- an OpenCLIP CLIP stand-in: open_clip's module tree and names ----------------------------------------------

class OCResidualBlock(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln_1 = nn.LayerNorm(WIDTH)
        self.attn = nn.MultiheadAttention(WIDTH, HEADS, batch_first=True)
        self.ln_2 = nn.LayerNorm(WIDTH)
        self.mlp = nn.Sequential()
        self.mlp.add_module("c_fc", nn.Linear(WIDTH, 4 * WIDTH))
        self.mlp.add_module("gelu", nn.GELU())
        self.mlp.add_module("c_proj", nn.Linear(4 * WIDTH, WIDTH))

    def forward(self, x, attn_mask=None):
        y = self.ln_1(x)
        x = x + self.attn(y, y, y, need_weights=False, attn_mask=attn_mask)[0]
        return x + self.mlp(self.ln_2(x))


class OCTransformer(nn.Module):
    def __init__(self):
        super().__init__()
        self.resblocks = nn.ModuleList(OCResidualBlock() for _ in range(LAYERS))

    def forward(self, x, attn_mask=None):
        for block in self.resblocks:
            x = block(x, attn_mask=attn_mask)
        return x


class OCVisionTransformer(nn.Module):
    def __init__(self):
        super().__init__()
        scale = WIDTH ** -0.5
        self.image_size = (IMAGE, IMAGE)
        self.conv1 = nn.Conv2d(3, WIDTH, kernel_size=PATCH, stride=PATCH, bias=False)
        self.class_embedding = nn.Parameter(scale * torch.randn(WIDTH))
        self.positional_embedding = nn.Parameter(scale * torch.randn((IMAGE // PATCH) ** 2 + 1, WIDTH))
        self.ln_pre, self.transformer, self.ln_post = nn.LayerNorm(WIDTH), OCTransformer(), nn.LayerNorm(WIDTH)
        self.proj = nn.Parameter(scale * torch.randn(WIDTH, DIM))

    def forward(self, x):
        x = self.conv1(x).flatten(2).transpose(1, 2)
        x = torch.cat([self.class_embedding.expand(x.shape[0], 1, -1).to(x.dtype), x], dim=1) + self.positional_embedding
        x = self.transformer(self.ln_pre(x))
        return self.ln_post(x[:, 0]) @ self.proj


class OpenClipCLIP(nn.Module):
    """open_clip.CLIP's tree: visual, transformer, token_embedding, positional_embedding, ln_final, text_projection,
    logit_scale, attn_mask (buffer), with encode_image / encode_text."""

    def __init__(self):
        super().__init__()
        self.context_length, self.vocab_size = CONTEXT, VOCAB
        self.visual = OCVisionTransformer()
        self.visual.image_mean, self.visual.image_std = (0.48145466, 0.4578275, 0.40821073), (0.26862954, 0.26130258, 0.27577711)
        self.transformer = OCTransformer()
        self.token_embedding = nn.Embedding(VOCAB, WIDTH)
        self.positional_embedding = nn.Parameter(torch.randn(CONTEXT, WIDTH) * 0.01)
        self.ln_final = nn.LayerNorm(WIDTH)
        self.text_projection = nn.Parameter(torch.randn(WIDTH, DIM) * WIDTH ** -0.5)
        self.logit_scale = nn.Parameter(torch.ones([]) * math.log(1 / 0.07))
        self.register_buffer("attn_mask", torch.full((CONTEXT, CONTEXT), float("-inf")).triu(1), persistent=False)

    def encode_image(self, image, normalize: bool = False):
        features = self.visual(image)
        return F.normalize(features, dim=-1) if normalize else features

    def encode_text(self, text, normalize: bool = False):
        x = self.token_embedding(text) + self.positional_embedding
        x = self.ln_final(self.transformer(x, attn_mask=self.attn_mask))
        x = x[torch.arange(x.shape[0]), text.argmax(dim=-1)] @ self.text_projection
        return F.normalize(x, dim=-1) if normalize else x


# --- the test ----------------------------------------------------------------------------------------------------

def normalised(t):
    return (t / t.norm(dim=-1, keepdim=True)).tolist()


def check_trainable(path, example):
    """The traced file reloads, runs in training mode, and back-propagates into every parameter."""
    module = torch.jit.load(path)
    module.train()
    module(example).square().sum().backward()
    missing = [name for name, p in module.named_parameters() if p.grad is None]
    assert not missing, f"{path}: no gradient for {missing}"


def graph_ops(module):
    return {node.kind() for node in module.inlined_graph.nodes()}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--vocab", required=True, help="a BPE vocabulary in CLIP's format")
    p.add_argument("--out", required=True)
    args = p.parse_args()
    torch.manual_seed(7)
    torch.set_num_threads(1)
    pixels = torch.randn(3, 3, IMAGE, IMAGE)
    ids = export_clip.example_ids(CONTEXT, 3)
    reference = {"pixels": pixels.flatten().tolist(), "ids": ids.tolist()}
    writer = export_clip.bpe_tokenizer_writer(args.vocab)

    hf = HFCLIPModel().eval()
    open_clip_model = OpenClipCLIP().eval()
    for name, model, parts in (("hf", hf, export_clip.hf_parts(hf, HF_PROCESSOR)),
                               ("open-clip", open_clip_model, export_clip.open_clip_parts(open_clip_model))):
        with torch.no_grad():
            if name == "hf":
                expected_image, expected_text = model.get_image_features(pixel_values=pixels), model.get_text_features(input_ids=ids)
            else:
                expected_image, expected_text = model.encode_image(pixels), model.encode_text(ids)
        image, text, preprocessing, logit_scale = parts
        out = os.path.join(args.out, name)
        manifest = export_clip.export_bundle(image, text, preprocessing, writer, out, "export-test-" + name, "1", logit_scale)
        assert manifest["embedding_dim"] == DIM, manifest
        for file, example in (("image_encoder.pt", pixels), ("text_encoder.pt", ids)):
            check_trainable(os.path.join(out, file), example)
        image_params = {n for n, _ in torch.jit.load(os.path.join(out, "image_encoder.pt")).named_parameters()}
        assert not any("token_embedding" in n for n in image_params), "the image encoder holds only image weights"
        reference[name] = {"image": normalised(expected_image), "text": normalised(expected_text), "manifest": manifest}

    # what the export avoids: OpenCLIP's attention traced in eval mode without gradients takes the fused fast path
    with torch.no_grad():
        inference_trace = torch.jit.trace(OpenClipCLIP().eval().visual, (pixels,), check_trace=False)
    exported = torch.jit.load(os.path.join(args.out, "open-clip", "image_encoder.pt"))
    fused = "aten::_native_multi_head_attention"
    reference["fast_path"] = {"eval_no_grad_trace_has_fused_attention": fused in graph_ops(inference_trace),
                              "exported_has_fused_attention": fused in graph_ops(exported)}
    assert fused not in graph_ops(exported), "the exported encoder must not contain the inference-only fused attention"

    with open(os.path.join(args.out, "reference.json"), "w") as f:
        json.dump(reference, f)
    print(json.dumps(reference["fast_path"]))


if __name__ == "__main__":
    main()

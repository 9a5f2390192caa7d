#!/usr/bin/python3
"""How int8 and bf16 change the embeddings of a *trained* transformer, against the same network with random weights.

Trained transformers carry activation outliers (a few channels far larger than the rest) that random weights lack,
and per-tensor int8 activations suffer most from them. No trained CLIP weights can be had on this machine, so this
measures the nearest trained transformer that can: all-MiniLM-L6-v2 (6 BERT layers, width 384; the default model's
text tower, from the Maven Central jar that train-default-model.sh fetches), on every emoji name and short name.

The precisions are simulated numerically, exactly as the plugin's Hub programs compute them (make_hub_programs.py),
so the result does not depend on this CPU's kernels (fbgemm's int8 saturates on AVX2-only CPUs, which the plugin
refuses, and bf16 is emulated there):
  int8  every linear map: weights int8 per output channel (scale max|w|/127), activations quantised per tensor to
        8-bit asymmetric on the fly (fbgemm's dynamic linear with reduce_range off); products summed exactly
  bf16  weights and every linear map's input and output rounded to bfloat16, and the layer norms' outputs (the
        residual stream); sums in float32 as oneDNN's bf16 kernels accumulate
  int8, MLP down-projection in fp32: int8 except the second linear map of each MLP (its input is the GELU output)
Random control: every linear weight and embedding table replaced by Gaussian values of the same standard deviation
(seeded), biases 0, layer norm gains 1 and biases 0. Writes a JSON report.

    /usr/bin/python3 src/tools/precision_on_trained.py --onnx /tmp/emoji-clip/minilm/all-minilm-l6-v2.onnx \
        --tokenizer /tmp/emoji-clip/minilm/all-minilm-l6-v2-tokenizer.json \
        --emoji-json ~/.cache/opensearch-clip/emoji/emoji-datasource-google-16.0.0/emoji.json --out report.json
"""
import argparse
import json
import os
import sys

import numpy as np
import onnx
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import convert_minilm  # noqa: E402

MODES = ["fp32", "bf16", "int8", "int8-fp32-down"]


def bf(t):
    return t.bfloat16().float()


def quantise_activation(x, levels=255):
    """Per-tensor asymmetric uint8, the range widened to hold 0 (fbgemm's choose_qparams; 127 levels = reduce_range)."""
    lo, hi = min(float(x.min()), 0.0), max(float(x.max()), 0.0)
    scale = max((hi - lo) / levels, 1e-12)
    zero = min(max(round(-lo / scale), 0), levels)
    return (torch.clamp(torch.round(x / scale) + zero, 0, levels) - zero) * scale


def check_simulation(dense):
    """The simulation against fbgemm's own dynamic int8 linear map, on one trained layer. fbgemm computes exactly on
    any x86 CPU only with reduce_range on (7-bit activations; full range saturates without VNNI), so the check
    compares that mode; the report uses the full 8 bits, as the plugin does on VNNI CPUs."""
    g = torch.Generator().manual_seed(0)
    x = torch.randn(64, dense.w.size(0), generator=g) * 2
    x[:, 3] *= 40  # an outlier channel
    w = dense.w.float()
    scale = (w.abs().amax(dim=0) / 127.0).clamp(min=1e-12)
    packed = torch.ops.quantized.linear_prepack(
        torch.quantize_per_channel(w.t().contiguous(), scale.double(), torch.zeros(w.size(1), dtype=torch.long), 0, torch.qint8),
        dense.b.float())
    real = torch.ops.quantized.linear_dynamic(x, packed, True)
    simulated = torch.matmul(quantise_activation(x, 127), quantise_weight(w)) + dense.b
    exact = torch.matmul(x, w) + dense.b
    rms = lambda t: round(float(t.pow(2).mean().sqrt()), 5)  # noqa: E731
    result = {"rms_error_fbgemm_vs_fp32": rms(real - exact), "rms_error_simulated_vs_fp32": rms(simulated - exact),
              "rms_fbgemm_vs_simulated": rms(real - simulated)}
    print(f"simulation check (reduce_range on): RMS error against fp32 of fbgemm {result['rms_error_fbgemm_vs_fp32']}, "
          f"of the simulation {result['rms_error_simulated_vs_fp32']}; fbgemm vs simulation {result['rms_fbgemm_vs_simulated']} "
          f"(rounding ties)", flush=True)
    return result


def quantise_weight(w):
    """w is [in, out] (x @ w): int8, symmetric, one scale per output channel."""
    scale = (w.abs().amax(dim=0, keepdim=True) / 127.0).clamp(min=1e-12)
    return torch.clamp(torch.round(w / scale), -127, 127) * scale


class Probe:
    """Records, per linear map, the largest |activation| over the activations' root mean square."""

    def __init__(self):
        self.ratio = {}

    def see(self, name, x):
        r = float(x.abs().max() / x.pow(2).mean().sqrt().clamp(min=1e-12))
        self.ratio[name] = max(self.ratio.get(name, 0.0), r)


def instrument(tower, state):
    """Replaces each Dense's forward with one that computes at state['mode'] and feeds state['probe']."""
    for li, layer in enumerate(tower.layers):
        for part in ["q", "k", "v", "o", "up", "down"]:
            dense = getattr(layer, part)
            dense.name = f"layer{li}.{part}"
            dense.w_int8 = quantise_weight(dense.w)

            def forward(x, d=dense, part=part):
                mode = state["mode"]
                if state.get("probe") is not None:
                    state["probe"].see(d.name, x)
                if mode == "bf16":
                    return bf(torch.matmul(bf(x), bf(d.w)) + bf(d.b))
                if mode == "int8" or (mode == "int8-fp32-down" and part != "down"):
                    return torch.matmul(quantise_activation(x), d.w_int8) + d.b
                return torch.matmul(x, d.w) + d.b

            dense.forward = forward
    norms = [tower.ln] + [n for layer in tower.layers for n in (layer.ln1, layer.ln2)]
    for norm in norms:
        plain = norm.forward

        def forward(x, plain=plain):
            y = plain(x)
            return bf(y) if state["mode"] == "bf16" else y

        norm.forward = forward


def randomise(p, seed):
    g = np.random.default_rng(seed)
    out = {}
    for name, a in sorted(p.items()):
        a = np.asarray(a, dtype=np.float32)
        if name.endswith("LayerNorm.weight"):
            out[name] = np.ones_like(a)
        elif name.endswith("LayerNorm.bias") or name.endswith(".bias"):
            out[name] = np.zeros_like(a)
        elif a.ndim >= 2:
            out[name] = g.normal(0.0, float(a.std()), a.shape).astype(np.float32)
        else:
            out[name] = a
    return out


def texts_of(emoji_json):
    entries = json.load(open(emoji_json, encoding="utf-8"))
    seen, texts = set(), []
    for e in entries:
        for t in [e["name"]] + e.get("short_names", []):
            t = t.replace("_", " ").replace("-", " ").lower()
            if t not in seen:
                seen.add(t)
                texts.append(t)
    return texts + [t for t in convert_minilm.CHECK_TEXTS if t]


def embed(tower, rows, batch=64):
    out = []
    order = sorted(range(len(rows)), key=lambda i: len(rows[i]))
    for s in range(0, len(order), batch):
        chunk = [rows[i] for i in order[s:s + batch]]
        ids, mask = convert_minilm.padded(chunk, max(len(r) for r in chunk))
        with torch.no_grad():
            out.append(tower(torch.from_numpy(ids), torch.from_numpy(mask)).double())
    result = torch.cat(out)
    back = torch.empty_like(result)
    back[torch.tensor(order)] = result
    return back


def measure(params, rows, label):
    state = {"mode": "fp32", "probe": Probe()}
    tower = convert_minilm.MiniLmTower(params, 32, 16).eval()
    check = check_simulation(tower.layers[0].up)
    instrument(tower, state)
    reference = embed(tower, rows)
    probe, state["probe"] = state["probe"], None
    report = {"weights": label, "texts": len(rows), "simulation_check": check, "activation_peak_over_rms": {
        "largest": round(max(probe.ratio.values()), 1),
        "where": max(probe.ratio, key=probe.ratio.get),
        "median_over_linear_maps": round(float(np.median(list(probe.ratio.values()))), 1)}}
    for mode in MODES[1:]:
        state["mode"] = mode
        cos = (embed(tower, rows) * reference).sum(1).numpy()
        report[mode] = {"min_cosine": round(float(cos.min()), 6), "p1_cosine": round(float(np.percentile(cos, 1)), 6),
                        "mean_cosine": round(float(cos.mean()), 6), "share_below_0.999": round(float((cos < 0.999).mean()), 4)}
        print(f"{label:8s} {mode:15s} min {cos.min():.6f}  1st percentile {np.percentile(cos, 1):.6f}  mean {cos.mean():.6f}  "
              f"below 0.999: {(cos < 0.999).mean():.1%}", flush=True)
    print(f"{label:8s} activation peak / rms: largest {report['activation_peak_over_rms']['largest']} "
          f"({report['activation_peak_over_rms']['where']}), median {report['activation_peak_over_rms']['median_over_linear_maps']}")
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--onnx", required=True)
    parser.add_argument("--tokenizer", required=True)
    parser.add_argument("--emoji-json", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    torch.set_num_threads(1)
    # float32 weights and word table: the baseline is the unrounded network
    convert_minilm.bf16 = convert_minilm.full
    convert_minilm.half = convert_minilm.full
    trained = convert_minilm.initialisers(onnx.load(args.onnx))
    vocab = json.load(open(args.tokenizer, encoding="utf-8"))["model"]["vocab"]
    rows = [convert_minilm.wordpiece_ids(t, vocab, 32) for t in texts_of(args.emoji_json)]
    report = {"model": "all-MiniLM-L6-v2 (6 BERT layers, width 384)", "simulated": MODES[1:],
              "results": [measure(trained, rows, "trained"), measure(randomise(trained, args.seed), rows, "random")]}
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(report, f, indent=1)
        f.write("\n")
    print("written to", args.out)


if __name__ == "__main__":
    main()

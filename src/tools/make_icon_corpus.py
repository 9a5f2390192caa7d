#!/usr/bin/env python3
"""Builds the icon corpus the default model trains on besides the emoji: icon sets with names and tags from npm,
rendered to 64 px PNGs, as JSON lines for the trainer's `jsonl` dataset (`--extra-train jsonl:icons.jsonl`).

Sets (all fetched by src/tools/icon-corpus.sh with `npm pack`, which checks the registry's sha512):
  @tabler/icons (MIT)   outline and filled styles, icons.json: name, category, tags
  lucide-static (ISC)   icons/*.svg, tags.json: name, tags
  @mdi/svg (Apache-2.0) svg/*.svg, meta.json: name, aliases, tags; variants of one base icon form one group
Brand logos are left out (trademarks, and no use for picture search).

Each icon is drawn in one of ten colours chosen from a hash of its name (the encoder drops alpha without
compositing, as PIL's convert("RGB") does, so a transparent background reads as black: a black icon would vanish),
and rendered by librsvg's rsvg-convert (Debian: librsvg2-bin). Captions: the name in words; the colour and the name
("blue bike"); the name with its category; each tag and alias. The row's "group" keeps one icon's styles together,
so the trainer's held-out rules treat them as one concept.

Usage: make_icon_corpus.py --packages DIR --out DIR [--size 64] [--limit N]
"""
import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

COLOURS = [
    ("red", "#e53935"), ("orange", "#fb8c00"), ("yellow", "#fdd835"), ("green", "#43a047"), ("blue", "#1e88e5"),
    ("purple", "#8e24aa"), ("pink", "#ec407a"), ("brown", "#8d6e63"), ("grey", "#9e9e9e"), ("white", "#f5f5f5"),
]
MAX_TAGS = 8


def words(name):
    text = re.sub(r"[-_]+", " ", name).strip().lower()
    return re.sub(r"\s+", " ", text)


def colour_of(key):
    return COLOURS[int(hashlib.sha256(key.encode("utf-8")).hexdigest(), 16) % len(COLOURS)]


def captions(name, category, tags, colour):
    out = [name, colour + " " + name]
    if category:
        out.append(name + ", " + category)
    for tag in tags[:MAX_TAGS]:
        out.append(tag)
    seen = []
    for c in out:
        c = words(c) if "," not in c else ", ".join(words(p) for p in c.split(","))
        if c and c not in seen:
            seen.append(c)
    return seen


def tabler(root):
    meta = json.load(open(os.path.join(root, "icons.json"), encoding="utf-8"))
    for key in sorted(meta):
        icon = meta[key]
        if icon.get("category") == "Brand" or key.startswith("brand-"):
            continue
        for style in ("outline", "filled"):
            svg = os.path.join(root, "icons", style, key + ".svg")
            if style in icon.get("styles", {}) and os.path.exists(svg):
                yield {"set": "tabler", "id": key + "-" + style, "group": "tabler:" + key, "svg": svg,
                       "name": words(key), "category": words(icon.get("category") or ""),
                       "tags": [words(t) for t in icon.get("tags", []) if isinstance(t, str)]}


def lucide(root):
    tags = json.load(open(os.path.join(root, "tags.json"), encoding="utf-8"))
    for key in sorted(tags):
        svg = os.path.join(root, "icons", key + ".svg")
        if os.path.exists(svg) and not key.startswith("brand"):
            yield {"set": "lucide", "id": key, "group": "lucide:" + key, "svg": svg, "name": words(key), "category": "",
                   "tags": [words(t) for t in tags[key] if isinstance(t, str)]}


def mdi(root):
    meta = json.load(open(os.path.join(root, "meta.json"), encoding="utf-8"))
    for icon in sorted(meta, key=lambda i: i["name"]):
        tags = icon.get("tags") or []
        if icon.get("deprecated") or any("Brand" in t for t in tags):
            continue
        svg = os.path.join(root, "svg", icon["name"] + ".svg")
        if os.path.exists(svg):
            category = words(tags[0].split("/")[0]) if tags else ""
            yield {"set": "mdi", "id": icon["name"], "group": "mdi:" + icon.get("baseIconId", icon["id"]), "svg": svg,
                   "name": words(icon["name"]), "category": category,
                   "tags": [words(a) for a in icon.get("aliases", [])]}


def coloured(svg_text, hex_colour):
    text = svg_text.replace("currentColor", hex_colour)
    if "stroke=\"" + hex_colour not in text and "fill=\"" + hex_colour not in text:
        # a filled set without colours (MDI): paint the root's default fill
        text = re.sub(r"<svg\b", '<svg fill="' + hex_colour + '"', text, count=1)
    return text


def render(icon, out_dir, size):
    colour_name, hex_colour = colour_of(icon["group"])
    png_rel = os.path.join("png", icon["set"], icon["id"] + ".png")
    png = os.path.join(out_dir, png_rel)
    if not os.path.exists(png):
        with open(icon["svg"], encoding="utf-8") as f:
            svg = coloured(f.read(), hex_colour)
        done = subprocess.run(["rsvg-convert", "-w", str(size), "-h", str(size), "-f", "png", "-o", png + ".tmp"],
                              input=svg.encode("utf-8"), capture_output=True)
        if done.returncode != 0:
            return None, icon["svg"] + ": " + done.stderr.decode("utf-8", "replace").strip()[:200]
        os.replace(png + ".tmp", png)
    row = {"image": png_rel, "group": icon["group"],
           "text": captions(icon["name"], icon["category"], icon["tags"], colour_name)}
    return row, None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--packages", required=True, help="folder with the unpacked npm packages: tabler/package, lucide/package, mdi/package")
    parser.add_argument("--out", required=True)
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--limit", type=int, default=0, help="at most this many icons per set (0: all)")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    icons = []
    for reader, sub in ((tabler, "tabler"), (lucide, "lucide"), (mdi, "mdi")):
        found = list(reader(os.path.join(args.packages, sub, "package")))
        icons.extend(found[: args.limit] if args.limit else found)
        os.makedirs(os.path.join(args.out, "png", sub), exist_ok=True)
    start = time.time()
    rows, problems = [], []
    with ThreadPoolExecutor(args.jobs) as pool:
        for i, (row, problem) in enumerate(pool.map(lambda icon: render(icon, args.out, args.size), icons), 1):
            if row:
                rows.append(row)
            else:
                problems.append(problem)
            if i % 2000 == 0 or i == len(icons):
                print(f"rendered {i}/{len(icons)} icons ({time.time() - start:.0f} s)", flush=True)
    with open(os.path.join(args.out, "icons.jsonl"), "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    groups = len({r["group"] for r in rows})
    print(f"icons.jsonl: {len(rows)} pictures of {groups} icons; {len(problems)} not rendered")
    for p in problems[:10]:
        print("  not rendered: " + p)
    return 0 if rows else 1


if __name__ == "__main__":
    sys.exit(main())

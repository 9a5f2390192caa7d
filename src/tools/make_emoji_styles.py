#!/usr/bin/env python3
"""Renders more emoji styles for training: Iconify JSON emoji sets (SVG bodies) matched to emoji-datasource's emoji.

Usage: make_emoji_styles.py --packages DIR --emoji-json emoji.json --out DIR [--size 64] [--jobs 2]

DIR/<set>/package/icons.json are Iconify JSON sets (npm @iconify-json/<set>); DIR/emojilib/package/dist/emoji-en-US.json
gives each emoji's CLDR name. Each icon is matched to one emoji-datasource entry by its name (`grinning-face`,
`flag-for-albania`, `brokenheart`: letters and digits compared, separators ignored) against the entry's Unicode name,
short names, CLDR name (emojilib's first keyword) and, for sets with a `chars.json`, its code points; names that match
more than one entry, and skin-tone variants (the emoji dataset leaves them out), are skipped. Writes OUT/png/<set>/*.png
(rsvg-convert, SIZE x SIZE, transparent background) and OUT/styles.jsonl: one row per picture with the emoji's
captions exactly as the trainer's emoji dataset makes them (name, short names without country codes, the name with
subcategory and category; no colour caption) and the emoji's `unified` code as the group, so the trainer's
--extra-train keeps every style of a held-out emoji out (their captions equal) and trains each style as the same
group as the Google and Twitter pictures. OUT/styles-summary.json counts what was matched.
"""
import argparse
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

COUNTRY_CODE = re.compile(r"flag-[a-z]{2}")
SKIN = re.compile(r"(light|medium|dark|medium-light|medium-dark)(-skin-tone)?$|skin-tone")


def clean(text):
    """The trainer's caption cleaning: `_` and `-` as spaces, spaces collapsed, lower case (EmojiCaptions.clean)."""
    return re.sub(r"\s+", " ", re.sub(r"[_\-]+", " ", text)).strip().lower()


def captions(entry):
    """EmojiCaptions.of without the colour caption (a colour read off another style's picture)."""
    name = clean(entry["name"])
    out = [name]
    kept = [clean(s) for s in entry.get("short_names", []) if not COUNTRY_CODE.fullmatch(s)]
    out += [k for k in kept if k and k not in out]
    context = [clean(entry[k]) for k in ("subcategory", "category") if entry.get(k, "").strip()]
    if context:
        joined = name + ", " + ", ".join(context)
        if joined not in out:
            out.append(joined)
    return out


def key(text):
    return re.sub(r"[^a-z0-9]", "", text.lower())


def codepoints(unified):
    return "-".join(p for p in unified.lower().split("-") if p != "fe0f")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", required=True)
    parser.add_argument("--emoji-json", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--sets", default="fluent-emoji-flat,fluent-emoji,emojione,noto-v1,fxemoji")
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()

    entries = json.load(open(args.emoji_json, encoding="utf-8"))
    with open(os.path.join(args.packages, "emojilib", "package", "dist", "emoji-en-US.json"), encoding="utf-8") as f:
        emojilib = {codepoints("-".join("%x" % ord(c) for c in k)): v for k, v in json.load(f).items()}
    by_code = {codepoints(e["unified"]): e for e in entries}
    by_unified = {e["unified"]: e for e in entries}
    names = {}  # key -> set of unified codes

    def add(text, entry):
        if text:
            names.setdefault(key(text), set()).add(entry["unified"])

    for e in entries:
        add(e["name"], e)
        for s in e.get("short_names", []):
            if not COUNTRY_CODE.fullmatch(s):
                add(s, e)
        words = emojilib.get(codepoints(e["unified"]))
        if words:
            add(words[0], e)
        if e.get("category") == "Flags" and e["name"].endswith(" Flag"):
            country = e["name"][: -len(" Flag")]
            add("flag for " + country, e)
            add("flag " + country, e)

    os.makedirs(os.path.join(args.out, "png"), exist_ok=True)
    rows, jobs, summary = [], [], {}
    for set_name in args.sets.split(","):
        package = os.path.join(args.packages, set_name, "package")
        with open(os.path.join(package, "icons.json"), encoding="utf-8") as f:
            icons = json.load(f)
        chars_file = os.path.join(package, "chars.json")
        by_name_code = {}
        if os.path.exists(chars_file):
            for code, icon in json.load(open(chars_file, encoding="utf-8")).items():
                if codepoints(code) in by_code:
                    by_name_code[icon] = by_code[codepoints(code)]["unified"]
        width, height = icons.get("width", 16), icons.get("height", 16)
        matched, ambiguous, skin, unknown = {}, 0, 0, 0
        for icon, data in sorted(icons["icons"].items()):
            if SKIN.search(icon) and icon not in by_name_code:
                skin += 1
                continue
            unified = by_name_code.get(icon)
            if unified is None:
                found = names.get(key(icon), set())
                if len(found) > 1:
                    ambiguous += 1
                    continue
                if not found:
                    unknown += 1
                    continue
                unified = next(iter(found))
            if unified in matched:  # an alias drawing of an emoji already matched: keep the first
                continue
            matched[unified] = icon
            w, h = data.get("width", width), data.get("height", height)
            svg = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
                   f'viewBox="{data.get("left", 0)} {data.get("top", 0)} {w} {h}" width="{args.size}" height="{args.size}">'
                   f'{data["body"]}</svg>')
            png = os.path.join("png", set_name, icon + ".png")
            jobs.append((svg, os.path.join(args.out, png)))
            rows.append({"image": png, "text": captions(by_unified[unified]), "group": unified})
        summary[set_name] = {"icons": len(icons["icons"]), "matched": len(matched), "ambiguous": ambiguous,
                             "skin_tone_variants": skin, "unmatched": unknown}
        os.makedirs(os.path.join(args.out, "png", set_name), exist_ok=True)
        print(f"{set_name}: {len(matched)} of {len(icons['icons'])} icons matched to emoji "
              f"({skin} skin-tone variants, {ambiguous} ambiguous, {unknown} unmatched names left out)", flush=True)

    def render(job):
        """Renders one picture (to a temporary name, renamed when whole); returns the reason it failed, or None."""
        svg, png = job
        if os.path.exists(png) and os.path.getsize(png) > 0:
            return None
        result = subprocess.run(["rsvg-convert", "-w", str(args.size), "-h", str(args.size), "-f", "png", "-o", png + ".tmp"],
                                input=svg.encode("utf-8"), capture_output=True)
        if result.returncode != 0 or not os.path.exists(png + ".tmp") or os.path.getsize(png + ".tmp") == 0:
            if os.path.exists(png + ".tmp"):
                os.remove(png + ".tmp")
            return (result.stderr.decode("utf-8", "replace").strip() or "no output").splitlines()[0]
        os.replace(png + ".tmp", png)
        return None

    done, failed = 0, {}
    with ThreadPoolExecutor(args.jobs) as pool:
        for job, problem in zip(jobs, pool.map(render, jobs)):
            done += 1
            if problem:
                failed[job[1]] = problem
                print(f"left out {os.path.relpath(job[1], args.out)}: rsvg-convert: {problem}", flush=True)
            if done % 1000 == 0 or done == len(jobs):
                print(f"rendered {done}/{len(jobs)}", flush=True)
    rows = [r for r in rows if os.path.join(args.out, r["image"]) not in failed]
    summary["render_failures"] = len(failed)
    with open(os.path.join(args.out, "styles.jsonl"), "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    with open(os.path.join(args.out, "styles-summary.json"), "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=2)
    print(f"{len(rows)} pictures of {len({r['group'] for r in rows})} emoji in {args.out}/styles.jsonl")


if __name__ == "__main__":
    sys.exit(main())

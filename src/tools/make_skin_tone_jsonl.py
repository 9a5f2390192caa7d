#!/usr/bin/env python3
"""Write the skin-tone variations of an emoji-datasource set as a JSON-lines dataset for `clip-trainer train`.

The default model is trained without skin-tone variations, so they make a small new dataset for demonstrating
fine-tuning (docs/trainer.md): one line per variation image, {"image": <path>, "text": "<name>: <tone> skin tone"}.

Usage:
    python3 src/tools/make_skin_tone_jsonl.py \
        --package ~/.cache/opensearch-clip/emoji/emoji-datasource-google-16.0.0 --set google --out /tmp/skin-tones.jsonl
"""

import argparse
import json
import os

TONES = {
    "1F3FB": "light",
    "1F3FC": "medium-light",
    "1F3FD": "medium",
    "1F3FE": "medium-dark",
    "1F3FF": "dark",
}


def tone_words(key):
    tones = [TONES[code] for code in key.split("-")]
    if len(tones) == 2 and tones[0] == tones[1]:
        tones = tones[:1]
    return ", ".join(t + " skin tone" for t in tones)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--package", required=True, help="an unpacked emoji-datasource-<set> package folder")
    p.add_argument("--set", required=True, help="the image set: google or twitter")
    p.add_argument("--out", required=True, help="the JSON-lines file to write")
    args = p.parse_args()
    with open(os.path.join(args.package, "emoji.json"), encoding="utf-8") as f:
        entries = json.load(f)
    images = os.path.join(os.path.abspath(args.package), "img", args.set, "64")
    lines = 0
    with open(args.out, "w", encoding="utf-8") as out:
        for e in entries:
            for key, variation in sorted((e.get("skin_variations") or {}).items()):
                if not variation.get("has_img_" + args.set):
                    continue
                text = f"{e['name'].lower()}: {tone_words(key)}"
                out.write(json.dumps({"image": os.path.join(images, variation["image"]), "text": text}) + "\n")
                lines += 1
    print(f"{lines} lines written to {args.out}")


if __name__ == "__main__":
    main()

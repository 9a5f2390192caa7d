#!/usr/bin/env bash
# Fetches more emoji styles from npm (Iconify JSON sets: Microsoft's Fluent Emoji flat and colour, MIT; EmojiOne 2,
# CC-BY 4.0; Google's Noto Emoji v1 and Mozilla's Firefox OS emoji, Apache-2.0; and emojilib's CLDR names) and renders
# them to PNG with src/tools/make_emoji_styles.py (needs rsvg-convert, Debian's librsvg2-bin). npm checks the
# registry's sha512 of each package. Usage: src/tools/emoji-styles.sh [out dir, default ~/.cache/opensearch-clip/styles]
# Writes OUT/styles.jsonl: the trainer's jsonl dataset for --extra-train, one group per emoji (its unified code).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-$HOME/.cache/opensearch-clip/styles}"
emoji_cache="${EMOJI_CACHE:-$HOME/.cache/opensearch-clip/emoji}"
emoji_json="$emoji_cache/emoji-datasource-google-16.0.0/emoji.json"
packages=("fluent-emoji-flat=@iconify-json/fluent-emoji-flat@1.2.6" "fluent-emoji=@iconify-json/fluent-emoji@1.2.7"
          "emojione=@iconify-json/emojione@1.2.3" "noto-v1=@iconify-json/noto-v1@1.2.5" "fxemoji=@iconify-json/fxemoji@1.2.2"
          "emojilib=emojilib@4.0.3")
command -v rsvg-convert >/dev/null || { echo "rsvg-convert is missing: apt-get install librsvg2-bin" >&2; exit 1; }
[ -f "$emoji_json" ] || "$root/src/tools/clip-trainer.sh" download-emoji --emoji-cache "$emoji_cache"
"$root/src/tools/npm-packages.sh" "$out/packages" "${packages[@]}"
/usr/bin/python3 "$root/src/tools/make_emoji_styles.py" --packages "$out/packages" --emoji-json "$emoji_json" --out "$out"

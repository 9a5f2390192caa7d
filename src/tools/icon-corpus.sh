#!/usr/bin/env bash
# Fetches the icon sets and the emoji keywords the default model trains on (npm pack: the registry's sha512 is
# checked by npm) and renders the icons to PNG with src/tools/make_icon_corpus.py (needs rsvg-convert, Debian's
# librsvg2-bin). Usage: src/tools/icon-corpus.sh [out dir, default ~/.cache/opensearch-clip/icons]
# Writes OUT/icons.jsonl (the trainer's jsonl dataset, with groups) and OUT/emojilib/dist/emoji-en-US.json.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-$HOME/.cache/opensearch-clip/icons}"
packages=("tabler=@tabler/icons@3.52.0" "lucide=lucide-static@1.62.0" "mdi=@mdi/svg@7.4.47" "emojilib=emojilib@4.0.3")
command -v rsvg-convert >/dev/null || { echo "rsvg-convert is missing: apt-get install librsvg2-bin" >&2; exit 1; }
"$root/src/tools/npm-packages.sh" "$out/packages" "${packages[@]}"
/usr/bin/python3 "$root/src/tools/make_icon_corpus.py" --packages "$out/packages" --out "$out"

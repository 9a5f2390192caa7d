#!/usr/bin/env bash
# Encode speed per precision (fp32, bf16, int8) of a ViT-B/32-sized Hub checkpoint on this machine, from one run:
# makes a randomly initialised transformers CLIPModel snapshot of ViT-B/32's size (config.json, model.safetensors,
# preprocessor_config.json, tokenizer.json; src/tools/make_hub_checkpoints.py --size vit-b32, needs /usr/bin/python3
# with torch) under target/hub-vit-b32/ unless it is there, builds the three bundles from it in Java, and prints
# images/s and texts/s per precision with the ratio to fp32 and the cosine against fp32 (PrecisionBenchmark).
# Pass another snapshot directory (a real Hub download) as the first argument to measure it instead.
# Usage: src/tools/bench-precision.sh [snapshot dir] [seconds per precision=20] [torch threads, 0 = default] [batch=32]
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME="${JAVA_HOME_25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
snapshot="${1:-target/hub-vit-b32/hf-safetensors-quickgelu}"
if [[ ! -f "$snapshot/config.json" && ! -f "$snapshot/open_clip_config.json" ]]; then
  [[ "$snapshot" == target/hub-vit-b32/* ]] || { echo "bench-precision: $snapshot is not a Hub snapshot" >&2; exit 1; }
  /usr/bin/python3 src/tools/make_hub_checkpoints.py --size vit-b32 --out target/hub-vit-b32 --only "$(basename "$snapshot")"
fi
mvn -B -q -o -pl src/encoder -am install -DskipTests
mvn -B -q -o -pl src/encoder test-compile exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=org.opensearch.clip.encoder.bench.PrecisionBenchmark \
  -Dexec.args="$(realpath "$snapshot") $(realpath src/encoder/src/test/resources/images) ${2:-20} ${3:-0} ${4:-32}"

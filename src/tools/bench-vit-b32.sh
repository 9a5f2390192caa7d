#!/usr/bin/env bash
# Encode speed of a ViT-B/32-sized CLIP on this machine: makes the randomly initialised ViT-B/32 stand-in in the layout
# of OpenAI's released archive (float16, traced "on CUDA"; src/tools/make_vit_b32_standin.py, needs /usr/bin/python3
# with torch), builds an archive bundle from it (bundle-archive, with CLIP's vocabulary from ../shared when present,
# else the synthetic test vocabulary), then runs the encode benchmark (src/tools/bench-encode.sh) on it: images/s and
# texts/s at batch 1 and 32, after the archive has been rewritten for the CPU in float32 as a node does it.
# Everything goes to target/vit-b32/ (about 1 GB); nothing is committed.
# Usage: src/tools/bench-vit-b32.sh [device] [seconds per measurement] [torch threads, 0 = default]
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME="${JAVA_HOME_25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
out=target/vit-b32
archive=$out/ViT-B-32-fp16.pt
vocab=../shared/clip-vocab/bpe_simple_vocab_16e6.txt.gz
[ -f "$vocab" ] || vocab=src/encoder/src/test/resources/models/synthetic-bpe-vocab.txt.gz
[ -f "$archive" ] || /usr/bin/python3 src/tools/make_vit_b32_standin.py --precision fp16-cuda --out "$archive"
mvn -B -q -pl src/encoder -am install -DskipTests
mvn -B -q -pl src/encoder exec:java -Dexec.mainClass=org.opensearch.clip.encoder.cli.ArchiveBundleCommand \
  -Dexec.args="--archive $PWD/$archive --vocab $(realpath "$vocab") --out $PWD/$out/bundle --like openai/ViT-B-32 --name standin/ViT-B-32 --version standin"
bash src/tools/bench-encode.sh "$out/bundle" src/encoder/src/test/resources/images "${1:-cpu}" "${2:-10}" "${3:-0}"

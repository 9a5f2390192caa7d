#!/usr/bin/env bash
# Encode benchmark: per-image and per-text time of a model bundle on this machine, batch 1 (baseline) vs batch 32.
# Usage: src/tools/bench-encode.sh [bundle dir|zip] [images dir] [device] [seconds per measurement] [torch threads, 0 = default]
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME="${JAVA_HOME_25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[ -x "$JAVA_HOME/bin/java" ] || { echo "Temurin 25 not found at $JAVA_HOME (set JAVA_HOME_25)" >&2; exit 1; }
bundle="$(realpath "${1:-config/models/default}")"
images="$(realpath "${2:-src/encoder/src/test/resources/images}")"
mvn -B -q -pl src/encoder -am install -DskipTests
mvn -B -q -pl src/encoder test-compile exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=org.opensearch.clip.encoder.bench.EncodeBenchmark \
  -Dexec.args="$bundle $images ${3:-cpu} ${4:-5} ${5:-0}"

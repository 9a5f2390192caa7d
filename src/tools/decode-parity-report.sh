#!/usr/bin/env bash
# How far the decoder's pixels are from PIL's (CLIP's reference), per image: the readers alone (before ICC profiles
# were removed and libwebp was used) against this decoder; max and mean difference per 8-bit value, and the cosine of
# the tiny-clip test model's embeddings.
# Usage: src/tools/decode-parity-report.sh [folder with <name> and <name>.pil.png, default the committed fixtures]
# Other inputs: /usr/bin/python3 src/tools/make_decode_fixtures.py --out /tmp/decode --photos /tmp/photos --samples /tmp/samples
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME="${JAVA_HOME_25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[ -x "$JAVA_HOME/bin/java" ] || { echo "Temurin 25 not found at $JAVA_HOME (set JAVA_HOME_25)" >&2; exit 1; }
folder="${1:+$(realpath "$1")}"
mvn -B -q -pl src/encoder test-compile exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=org.opensearch.clip.encoder.decode.PilParityReport \
  -Dexec.args="$folder"

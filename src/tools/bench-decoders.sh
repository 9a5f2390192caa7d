#!/usr/bin/env bash
# The project's image decoder (libjpeg-turbo where installed), its JDK reader path, and OpenCV's (libjpeg-turbo, libwebp)
# on 640x480 photos: PIL parity of each and
# decode ms/image with the ratio, from one run. OpenCV (org.openpnp:opencv, ~110 MB) is fetched into the local Maven
# repository on first use; it is not a dependency of the project.
# Set MAVEN_REPOSITORY when the local Maven repository is not ~/.m2/repository.
# Usage: src/tools/bench-decoders.sh [photo folder, default /tmp/clip-decode-photos] [seconds per measurement, default 5]
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME="${JAVA_HOME_25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[ -x "$JAVA_HOME/bin/java" ] || { echo "Temurin 25 not found at $JAVA_HOME (set JAVA_HOME_25)" >&2; exit 1; }
photos="${1:-/tmp/clip-decode-photos}"
if [ ! -d "$photos" ]; then
  /usr/bin/python3 src/tools/make_decode_fixtures.py --out "$photos/fixtures" --photos "$photos" >/dev/null
fi
opencv=org.openpnp:opencv:4.9.0-0
repo="${MAVEN_REPOSITORY:-$HOME/.m2/repository}"
jar="$repo/org/openpnp/opencv/4.9.0-0/opencv-4.9.0-0.jar"
[ -f "$jar" ] || mvn -B -q dependency:get -Dartifact="$opencv"
mvn -B -q -pl src/encoder compile dependency:build-classpath -Dmdep.outputFile=target/runtime-classpath.txt -Dmdep.includeScope=runtime
cp="src/encoder/target/classes:$(cat src/encoder/target/runtime-classpath.txt):$jar"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$JAVA_HOME/bin/java" -Djava.io.tmpdir="$tmp" --enable-native-access=ALL-UNNAMED -cp "$cp" src/tools/DecoderBench.java "$photos" "${2:-5}"

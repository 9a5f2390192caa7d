#!/usr/bin/env bash
# One-command demo of opensearch-clip: builds the plugin (tests skipped), starts a real OpenSearch node with the
# k-NN plugin and this plugin on 127.0.0.1:9200 (or the next free port), indexes the sample images through a
# clip_embedding pipeline, prints example curl queries with their top hits, and keeps the node running until Ctrl-C.
# It fetches the Google emoji set from the npm registry into ~/.cache/opensearch-clip/emoji once (skip with
# DEMO_NO_EMOJI=1; without it only the sample photos are loaded), indexes the 1,911 emoji and searches them for
# "pizza" and "red heart" with the default model.
# Works as a normal user and as root (the node then runs as the unprivileged user "osclip").
#   src/tools/demo.sh            build, start, load, keep running
#   src/tools/demo.sh --exit     the same, but stop after printing the examples
#   DEMO_SKIP_BUILD=1 src/tools/demo.sh   reuse the last build
#   DEMO_JAVA_HOME=/path/to/jdk src/tools/demo.sh   build and run with another JDK 21+ (default: Temurin 25)
# At the end it prints a search page link for each index it created.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JDK="${DEMO_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
PLUGIN="$ROOT/src/plugin"
TARGET="$PLUGIN/target"

if [[ ! -x "$JDK/bin/java" ]]; then
  echo "demo: no JDK at $JDK (set DEMO_JAVA_HOME to a JDK 21 or later)" >&2
  exit 1
fi
command -v mvn >/dev/null || { echo "demo: Maven (mvn) is not on the PATH" >&2; exit 1; }

cd "$ROOT"
if [[ "${DEMO_SKIP_BUILD:-0}" != 1 || ! -f "$TARGET/demo.classpath" ]]; then
  mkdir -p "$TARGET"
  echo "[demo] building the plugin and its search page (tests skipped; 1-3 minutes, log: $TARGET/demo-build.log) ..."
  # progress: one line per module and per step of the plugin module; the whole log on failure
  if ! JAVA_HOME="$JDK" mvn -B -Pdemo -pl src/plugin -am -DskipTests package 2>&1 | tee "$TARGET/demo-build.log" \
      | grep --line-buffered -E '^\[INFO\] (Building opensearch|--- (exec-maven|maven-compiler|maven-assembly|maven-dependency)-plugin)' \
      | sed -u -E 's/^\[INFO\] (Building )?/[demo]   /; s/ ---$//'; then
    tail -40 "$TARGET/demo-build.log" >&2
    echo "[demo] the build failed; the whole log is $TARGET/demo-build.log" >&2
    exit 1
  fi
fi

EMOJI="$HOME/.cache/opensearch-clip/emoji/emoji-datasource-google-16.0.0"
if [[ "${DEMO_NO_EMOJI:-0}" != 1 && ! -f "$EMOJI/emoji.json" ]]; then
  echo "[demo] fetching the Google emoji set from the npm registry (once) ..."
  JAVA_HOME_25="$JDK" "$ROOT/src/tools/clip-trainer.sh" download-emoji --sets google \
    || echo "[demo] could not fetch the emoji set; the demo goes on with the sample photos only" >&2
fi

VERSION="$(sed -n 's/^version=//p' "$TARGET/plugin-descriptor/plugin-descriptor.properties")"
exec "$JDK/bin/java" -Xmx512m \
  -cp "$TARGET/test-classes:$TARGET/classes:$(cat "$TARGET/demo.classpath")" \
  -Dclip.distribution.zip="$TARGET/it-artifacts/opensearch-distribution.zip" \
  -Dclip.knn.zip="$TARGET/it-artifacts/opensearch-knn.zip" \
  -Dclip.plugin.zip="$TARGET/opensearch-clip-$VERSION.zip" \
  -Dclip.node.java.home="$JDK" \
  -Dclip.work.dir="$TARGET/demo-node" \
  org.opensearch.clip.plugin.demo.Demo "$@"

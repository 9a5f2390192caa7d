#!/usr/bin/env bash
# Shared launcher of the benchmarks (bench-knn.sh, bench-ingest.sh): builds the plugin with its test classes (tests
# skipped) unless BENCH_SKIP_BUILD=1, then runs the benchmark class given as the first argument on the test classpath,
# with the real-node harness pointed at this build's zips. Usage: bench-java.sh <main class> [benchmark options]
# BENCH_NODE_JVM_OPTIONS (white-space separated) go to every node's JVM, e.g. a flight recording to profile it:
#   BENCH_NODE_JVM_OPTIONS=-XX:StartFlightRecording=filename=/tmp/node.jfr,settings=profile src/tools/bench-ingest.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JDK="${BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
TARGET="$ROOT/src/plugin/target"
MAIN="$1"
shift

[[ -x "$JDK/bin/java" ]] || { echo "bench: no JDK at $JDK (set BENCH_JAVA_HOME to a JDK 21 or later)" >&2; exit 1; }
cd "$ROOT"
if [[ "${BENCH_SKIP_BUILD:-0}" != 1 || ! -f "$TARGET/demo.classpath" ]]; then
  echo "[bench] building the plugin (tests skipped) ..."
  JAVA_HOME="$JDK" mvn -B -q -Pdemo -pl src/plugin -am -DskipTests package
fi

mkdir -p "$TARGET/bench-tmp"
VERSION="$(sed -n 's/^version=//p' "$TARGET/plugin-descriptor/plugin-descriptor.properties")"
exec "$JDK/bin/java" -Xmx2g -Djava.io.tmpdir="$TARGET/bench-tmp" -Dbasedir="$ROOT/src/plugin" \
  -cp "$TARGET/test-classes:$TARGET/classes:$(cat "$TARGET/demo.classpath")" \
  -Dclip.distribution.zip="$TARGET/it-artifacts/opensearch-distribution.zip" \
  -Dclip.knn.zip="$TARGET/it-artifacts/opensearch-knn.zip" \
  -Dclip.plugin.zip="$TARGET/opensearch-clip-$VERSION.zip" \
  -Dclip.node.java.home="$JDK" \
  -Dclip.work.dir="$TARGET/bench-node" \
  -Dclip.node.jvm.options="${BENCH_NODE_JVM_OPTIONS:-}" \
  "$MAIN" "$@"

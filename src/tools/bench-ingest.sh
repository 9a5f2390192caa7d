#!/usr/bin/env bash
# Ingest benchmark: builds the plugin (tests skipped), makes N photo-sized JPEGs (640x480, seeded), embeds them with
# the encoder module in-process (one thread, then all cores), starts a real OpenSearch node with k-NN and this plugin,
# ingests the same images with _bulk from several clients and one document per request, measures text-query p50/p99
# on the idle node and during sustained bulk ingest, and the busy share of every core during the bulk phase; prints a
# Markdown table with the ratios, all from this one run.
#   src/tools/bench-ingest.sh                                  the committed run: 2,000 images, 4 clients, bulks of 32, heap 3g
#   src/tools/bench-ingest.sh --images 500 --queries 50        a quicker one
#   src/tools/bench-ingest.sh --set clip.torch.num_threads=2   node settings to compare (repeatable)
#   src/tools/bench-ingest.sh --out /tmp/ingest.md             also write the table to a file
# Other options: --clients C --bulk B --heap H. BENCH_SKIP_BUILD=1 reuses the last build. Works as root (the node
# then runs as the unprivileged user "osclip").
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JDK="${BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
TARGET="$ROOT/src/plugin/target"

[[ -x "$JDK/bin/java" ]] || { echo "bench-ingest: no JDK at $JDK (set BENCH_JAVA_HOME to a JDK 21 or later)" >&2; exit 1; }
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
  org.opensearch.clip.plugin.bench.ingest.IngestBenchmark "$@"

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
#   src/tools/bench-ingest.sh --bundle DIR                     another bundle (e.g. bundle-hub's) as the baseline's model and,
#                                                              registered by URL from 127.0.0.1, as the node's default model
# Other options: --clients C --bulk B --heap H. BENCH_SKIP_BUILD=1 reuses the last build. Works as root (the node
# then runs as the unprivileged user "osclip").
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/bench-java.sh" org.opensearch.clip.plugin.bench.ingest.IngestBenchmark "$@"

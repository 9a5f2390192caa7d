#!/usr/bin/env bash
# k-NN methods benchmark: builds the plugin (tests skipped), starts a real OpenSearch node with k-NN and this plugin,
# indexes N vectors of the default model's dimension per data set (clustered synthetic vectors, and real embeddings
# of the sample images repeated with a small jitter) into an HNSW index and an IVF index, trains the IVF model with
# the REST call, and prints a Markdown table per data set: method, parameter (ef_search / nprobes), recall@10 against
# exact search, p50 and p99 latency, share of documents scored, index size and indexing time, all from this one run.
#   src/tools/bench-knn.sh                                   the committed run: 100,000 documents, 300 queries
#   src/tools/bench-knn.sh --docs 20000 --queries 100        a quicker one
#   src/tools/bench-knn.sh --out /tmp/knn.md                 also write the tables to a file
# Other options: --datasets synthetic,images --ef 10,20,... --nprobes 1,2,... --nlist L --url http://host:port --heap 1g
# BENCH_SKIP_BUILD=1 reuses the last build. Works as root (the node then runs as the unprivileged user "osclip").
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/bench-java.sh" org.opensearch.clip.plugin.bench.KnnBenchmark "$@"

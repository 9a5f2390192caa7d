package org.opensearch.clip.plugin.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes the benchmark's results as Markdown: the run's facts, then one table per data set. */
final class ReportWriter {
    private ReportWriter() {}

    static String markdown(List<String> header, List<MethodComparison.Result> results) {
        StringBuilder out = new StringBuilder();
        header.forEach(line -> out.append(line).append('\n'));
        for (MethodComparison.Result result : results) {
            out.append('\n').append("### ").append(result.data().name()).append(": ").append(result.data().docs().length)
                .append(" documents, dimension ").append(result.data().dimension()).append(", ").append(result.data().queries().length)
                .append(" queries, k = 10\n\n");
            out.append(result.data().description()).append(".\n\n");
            for (Map.Entry<String, MethodComparison.IndexFacts> index : result.indexes().entrySet()) {
                out.append(String.format(Locale.ROOT, "- index `%s`: %s, bulk load and refresh %.1f s, force-merge to one segment %.1f s%n",
                    index.getKey(), megabytes(index.getValue().bytes()), index.getValue().indexingSeconds(), index.getValue().mergeSeconds()));
            }
            result.facts().forEach((name, value) -> out.append("- ").append(name).append(": ").append(value).append('\n'));
            out.append('\n');
            out.append("| method | parameter | recall@10 | p50 ms | p99 ms | p50 vs exact | docs scored | index size | indexing time |\n");
            out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
            double exactP50 = result.rows().get(0).p50();
            String footnote = "\nDocs scored: exact and IVF as the node reports it (profile API); the knn_score script scores every "
                + "document; ≈ HNSW: graph nodes visited by an in-process Lucene replica of the one-segment HNSW index, searched as "
                + "the k-NN plugin does (Lucene k = max(k, ef_search)). p50 vs exact: p50 divided by the p50 of exact search on the "
                + "flat index (first row).\n";
            for (Measurement m : result.rows()) {
                MethodComparison.IndexFacts index = result.indexes().get(m.config().index());
                String scored = (m.estimated() ? "≈ " : "") + String.format(Locale.ROOT, "%.1f %%", 100 * m.scoredShare());
                out.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.2f | %.2f | %.2f× | %s | %s | %.1f s |%n", m.config().method(),
                    m.config().parameter(), m.recall(), m.p50(), m.p99(), m.p50() / exactP50, scored, megabytes(index.bytes()),
                    index.indexingSeconds()));
            }
            out.append(footnote);
        }
        return out.toString();
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}

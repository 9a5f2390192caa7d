package org.opensearch.clip.plugin.bench;

import org.opensearch.clip.plugin.testcluster.Json;
import org.opensearch.clip.plugin.testcluster.RestClient;
import org.opensearch.clip.plugin.testcluster.RestResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures every method on one data set in one run: an HNSW index (index.knn true, Lucene HNSW, m 16,
 * ef_construction 128) and an IVF index (index.knn false: flat vectors, no graph, plus the list field) of the same
 * vectors; the IVF model trained with the REST call on a sample of the HNSW index; exact search on both indexes as
 * the baseline; both force-merged to one segment before the queries.
 */
final class MethodComparison {
    static final String FIELD = "v";
    private static final int BULK = 2000;

    private final RestClient client;
    private final Dataset data;
    private final BenchmarkOptions options;

    MethodComparison(RestClient client, Dataset data, BenchmarkOptions options) {
        this.client = client;
        this.data = data;
        this.options = options;
    }

    /** What the report shows of one data set. */
    record Result(Dataset data, Map<String, String> facts, List<Measurement> rows, Map<String, IndexFacts> indexes) {}

    /** The size and build time of one index. */
    record IndexFacts(long bytes, double indexingSeconds, double mergeSeconds) {}

    Result run() throws IOException {
        String hnswIndex = "bench-" + data.name() + "-hnsw";
        String ivfIndex = "bench-" + data.name() + "-ivf";
        String model = "bench-" + data.name();
        String pipeline = "bench-" + data.name() + "-ivf";
        client.delete("/" + hnswIndex);
        client.delete("/" + ivfIndex);
        client.delete("/_plugins/_clip/ivf/models/" + model);
        Map<String, String> facts = new LinkedHashMap<>();

        createIndex(hnswIndex, true);
        double hnswSeconds = load(hnswIndex, null);

        long start = System.nanoTime();
        Map<String, Object> train = new LinkedHashMap<>(Map.of("index", hnswIndex, "field", FIELD));
        if (options.nlist() != null) {
            train.put("nlist", options.nlist());
        }
        RestResponse trained = client.post("/_plugins/_clip/ivf/models/" + model + "/_train?wait_for_completion=true", train).assertOk();
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        int nlist = (int) trained.number("nlist");
        facts.put("IVF training", String.format(Locale.ROOT, "%.1f s: nlist %d (%s), sample %d vectors, %d k-means iterations (%s), "
            + "k-means alone %.1f s", trainSeconds, nlist, options.nlist() == null ? "the default, sqrt of the document count" : "given",
            trained.number("training.sample_size"), trained.number("training.iterations"),
            Boolean.TRUE.equals(trained.at("training.converged")) ? "converged" : "iteration bound reached",
            trained.number("training.clustering_ms") / 1000.0));
        client.put("/_ingest/pipeline/" + pipeline, Map.of("processors", List.of(Map.of("clip_ivf", Map.of("field", FIELD,
            "ivf_model", model))))).assertOk();

        createIndex(ivfIndex, false);
        double ivfSeconds = load(ivfIndex, pipeline);

        Map<String, IndexFacts> indexes = new LinkedHashMap<>();
        indexes.put(hnswIndex, new IndexFacts(0, hnswSeconds, forceMerge(hnswIndex)));
        indexes.put(ivfIndex, new IndexFacts(0, ivfSeconds, forceMerge(ivfIndex)));
        indexes.replaceAll((index, f) -> new IndexFacts(size(index), f.indexingSeconds(), f.mergeSeconds()));

        QueryRunner runner = new QueryRunner(client, data.queries(), data.docs().length);
        SearchConfig baseline = SearchConfig.exact(ivfIndex, "flat doc values (index.knn: false)");
        System.out.println("[bench] " + data.name() + ": ground truth from " + baseline.parameter());
        List<List<String>> truth = runner.topIds(baseline);
        List<SearchConfig> configs = new ArrayList<>();
        configs.add(baseline);
        configs.add(SearchConfig.exact(hnswIndex, "Lucene vectors (index.knn: true)"));
        configs.add(SearchConfig.knnScoreScript(ivfIndex));
        options.efSearch().forEach(ef -> configs.add(SearchConfig.hnsw(hnswIndex, ef)));
        configs.add(SearchConfig.hnswDefault(hnswIndex));
        options.nprobes().stream().filter(n -> n <= nlist).forEach(n -> configs.add(SearchConfig.ivf(ivfIndex, model, nlist, n)));
        configs.add(SearchConfig.ivfDefault(ivfIndex, model, nlist));
        List<Measurement> rows = new ArrayList<>();
        HnswVisits visits = new HnswVisits(data.docs());
        for (SearchConfig config : configs) {
            Measurement m = runner.measure(config, truth);
            if (config.scored() == SearchConfig.Scored.REPLICA) {
                m = m.withScoredShare(visits.scoredShare(data.queries(), 10, config.efSearch()));
            }
            System.out.printf(Locale.ROOT, "[bench] %s %-6s %-40s recall@10 %.3f  p50 %.2f ms  p99 %.2f ms%n", data.name(), config.method(),
                config.parameter(), m.recall(), m.p50(), m.p99());
            rows.add(m);
        }
        visits.close();
        return new Result(data, facts, rows, indexes);
    }

    private void createIndex(String index, boolean hnsw) {
        Map<String, Object> vector = new LinkedHashMap<>();
        vector.put("type", "knn_vector");
        vector.put("dimension", data.dimension());
        if (hnsw) {
            vector.put("method", Map.of("name", "hnsw", "engine", "lucene", "space_type", "cosinesimil",
                "parameters", Map.of("m", 16, "ef_construction", 128)));
        } else {
            vector.put("space_type", "cosinesimil");
        }
        client.put("/" + index, Map.of(
            "settings", Map.of("index", Map.of("knn", hnsw, "number_of_shards", 1, "number_of_replicas", 0, "refresh_interval", "-1")),
            "mappings", Map.of("properties", Map.of(FIELD, vector, FIELD + "_ivf_list", Map.of("type", "keyword")))
        )).assertOk();
    }

    /** Bulk-loads every document (through a pipeline if given) and refreshes; returns the seconds it took. */
    private double load(String index, String pipeline) {
        long start = System.nanoTime();
        float[][] docs = data.docs();
        int reported = 0;
        for (int from = 0; from < docs.length; from += BULK) {
            StringBuilder ndjson = new StringBuilder();
            for (int i = from; i < Math.min(docs.length, from + BULK); i++) {
                ndjson.append("{\"index\":{\"_id\":\"").append(i).append("\"}}\n");
                ndjson.append(Json.write(Map.of(FIELD, QueryRunner.asList(docs[i])))).append('\n');
            }
            RestResponse bulk = client.postNdjson("/" + index + "/_bulk" + (pipeline == null ? "" : "?pipeline=" + pipeline),
                ndjson.toString()).assertOk();
            if (!Boolean.FALSE.equals(bulk.at("errors"))) {
                throw new IllegalStateException("bulk failures: " + bulk.body().substring(0, Math.min(1500, bulk.body().length())));
            }
            int done = Math.min(docs.length, from + BULK);
            if (done * 10L / docs.length > reported) {
                reported = (int) (done * 10L / docs.length);
                System.out.printf(Locale.ROOT, "[bench] %s: %d / %d documents indexed (%.0f s)%n", index, done, docs.length,
                    (System.nanoTime() - start) / 1e9);
            }
        }
        client.put("/" + index + "/_settings", Map.of("index", Map.of("refresh_interval", "1s"))).assertOk();
        client.post("/" + index + "/_refresh", Map.of()).assertOk();
        return (System.nanoTime() - start) / 1e9;
    }

    private double forceMerge(String index) {
        long start = System.nanoTime();
        client.post("/" + index + "/_forcemerge?max_num_segments=1", Map.of()).assertOk();
        client.post("/" + index + "/_refresh", Map.of()).assertOk();
        return (System.nanoTime() - start) / 1e9;
    }

    private long size(String index) {
        return client.get("/" + index + "/_stats/store").assertOk().number("_all.primaries.store.size_in_bytes");
    }
}

package org.opensearch.clip.plugin.bench;

import org.opensearch.clip.plugin.query.ClipQueryBuilder;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One way of searching measured by the benchmark: a method, its parameter, and the index it runs on.
 *
 * @param method    exact, hnsw or ivf
 * @param parameter what the table shows in the parameter column
 * @param index     the index searched
 * @param options   the clip query options besides the query vector
 */
record SearchConfig(String method, String parameter, String index, Map<String, Object> options) {
    /** The k-NN plugin's ef_search when a query and the index name none (index.knn.algo_param.ef_search). */
    static final int KNN_DEFAULT_EF_SEARCH = 100;

    /** The ef_search of an HNSW configuration. */
    int efSearch() {
        Object parameters = options.get("method_parameters");
        return parameters == null ? KNN_DEFAULT_EF_SEARCH : ((Number) ((Map<?, ?>) parameters).get("ef_search")).intValue();
    }

    static SearchConfig exact(String index, String storage) {
        return new SearchConfig("exact", storage, index, Map.of("method", "exact", "k", 10));
    }

    static SearchConfig hnsw(String index, int efSearch) {
        return new SearchConfig("hnsw", "ef_search=" + efSearch, index, Map.of("method", "hnsw", "k", 10,
            "method_parameters", Map.of("ef_search", efSearch)));
    }

    /** HNSW with the k-NN plugin's default ef_search. */
    static SearchConfig hnswDefault(String index) {
        return new SearchConfig("hnsw", "ef_search default (" + KNN_DEFAULT_EF_SEARCH + ")", index, Map.of("method", "hnsw", "k", 10));
    }

    /** IVF with this plugin's default nprobes. */
    static SearchConfig ivfDefault(String index, String model, int nlist) {
        return new SearchConfig("ivf", "nlist=" + nlist + " nprobes default (" + ClipQueryBuilder.defaultNprobes(nlist) + ")", index,
            Map.of("ivf_model", model, "k", 10));
    }

    static SearchConfig ivf(String index, String model, int nlist, int nprobes) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("ivf_model", model);
        options.put("k", 10);
        options.put("method_parameters", Map.of("nprobes", nprobes));
        return new SearchConfig("ivf", "nlist=" + nlist + " nprobes=" + nprobes, index, options);
    }
}

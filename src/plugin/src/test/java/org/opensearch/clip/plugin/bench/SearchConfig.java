package org.opensearch.clip.plugin.bench;

import org.opensearch.clip.plugin.query.ClipQueryBuilder;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One way of searching measured by the benchmark: a method, its parameter, the index it runs on, the query it sends
 * for a vector, and how the share of documents it scores is known.
 *
 * @param method    exact, hnsw or ivf
 * @param parameter what the table shows in the parameter column
 * @param index     the index searched
 * @param efSearch  the ef_search of an HNSW configuration, else null
 * @param scored    how the share of documents scored is found
 * @param query     the query for a vector
 */
record SearchConfig(String method, String parameter, String index, Integer efSearch, Scored scored,
    Function<float[], Map<String, Object>> query) {

    /** The k-NN plugin's ef_search when a query and the index name none (index.knn.algo_param.ef_search). */
    static final int KNN_DEFAULT_EF_SEARCH = 100;

    /** How the share of documents scored is found. */
    enum Scored {
        /** The node reports it: the profile API's description of the clip_exact shard query. */
        PROFILE,
        /** Estimated from an in-process replica of the HNSW graph. */
        REPLICA,
        /** Every document: a script_score over match_all. */
        ALL
    }

    private static SearchConfig clip(String method, String parameter, String index, Integer efSearch, Scored scored,
        Map<String, Object> options) {
        return new SearchConfig(method, parameter, index, efSearch, scored, vector -> {
            Map<String, Object> clip = new LinkedHashMap<>(options);
            clip.put("query_vector", QueryRunner.asList(vector));
            return Map.of("clip", Map.of(MethodComparison.FIELD, clip));
        });
    }

    static SearchConfig exact(String index, String storage) {
        return clip("exact", storage, index, null, Scored.PROFILE, Map.of("method", "exact", "k", 10));
    }

    /** The k-NN plugin's exact scoring script over every document, for comparison with the exact method. */
    static SearchConfig knnScoreScript(String index) {
        return new SearchConfig("exact", "k-NN plugin's knn_score script", index, null, Scored.ALL, vector -> Map.of("script_score", Map.of(
            "query", Map.of("match_all", Map.of()),
            "script", Map.of("lang", "knn", "source", "knn_score", "params", Map.of("field", MethodComparison.FIELD,
                "query_value", QueryRunner.asList(vector), "space_type", "cosinesimil")))));
    }

    static SearchConfig hnsw(String index, int efSearch) {
        return clip("hnsw", "ef_search=" + efSearch, index, efSearch, Scored.REPLICA, Map.of("method", "hnsw", "k", 10,
            "method_parameters", Map.of("ef_search", efSearch)));
    }

    /** HNSW with the k-NN plugin's default ef_search. */
    static SearchConfig hnswDefault(String index) {
        return clip("hnsw", "ef_search default (" + KNN_DEFAULT_EF_SEARCH + ")", index, KNN_DEFAULT_EF_SEARCH, Scored.REPLICA,
            Map.of("method", "hnsw", "k", 10));
    }

    static SearchConfig ivf(String index, String model, int nlist, int nprobes) {
        return clip("ivf", "nlist=" + nlist + " nprobes=" + nprobes, index, null, Scored.PROFILE, Map.of("ivf_model", model, "k", 10,
            "method_parameters", Map.of("nprobes", nprobes)));
    }

    /** IVF with this plugin's default nprobes. */
    static SearchConfig ivfDefault(String index, String model, int nlist) {
        return clip("ivf", "nlist=" + nlist + " nprobes default (" + ClipQueryBuilder.defaultNprobes(nlist) + ")", index, null,
            Scored.PROFILE, Map.of("ivf_model", model, "k", 10));
    }
}

package org.opensearch.clip.plugin.it;

import org.opensearch.clip.plugin.testcluster.Json;
import org.opensearch.clip.plugin.testcluster.RestClient;
import org.opensearch.clip.plugin.testcluster.RestResponse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Indexes of plain vectors for the k-NN method tests: a {@code knn_vector} field {@code v} (Lucene HNSW with
 * {@code index.knn: true}, or flat doc values with {@code index.knn: false}), its IVF list field {@code v_ivf_list}
 * and a keyword {@code group} (document id modulo 5) to filter on.
 */
final class VectorIndexes {
    static final String FIELD = "v";
    static final int GROUPS = 5;

    private VectorIndexes() {}

    /** Creates an index; {@code hnsw} false makes a flat field of an index with index.knn false. */
    static void create(RestClient client, String index, boolean hnsw, String spaceType, int dimension, int shards) {
        Map<String, Object> vector = new LinkedHashMap<>();
        vector.put("type", "knn_vector");
        vector.put("dimension", dimension);
        if (hnsw) {
            vector.put("method", Map.of("name", "hnsw", "engine", "lucene", "space_type", spaceType,
                "parameters", Map.of("m", 16, "ef_construction", 128)));
        } else {
            vector.put("space_type", spaceType);
        }
        client.put("/" + index, Map.of(
            "settings", Map.of("index", Map.of("knn", hnsw, "number_of_shards", shards, "number_of_replicas", 0)),
            "mappings", Map.of("properties", Map.of(
                FIELD, vector,
                FIELD + "_ivf_list", Map.of("type", "keyword"),
                "group", Map.of("type", "keyword")
            ))
        )).assertOk();
    }

    /** Bulk-indexes the vectors (id = position), through a pipeline when one is given, then refreshes. */
    static void load(RestClient client, String index, float[][] vectors, String pipeline) {
        int batch = 1000;
        for (int from = 0; from < vectors.length; from += batch) {
            StringBuilder ndjson = new StringBuilder();
            for (int i = from; i < Math.min(vectors.length, from + batch); i++) {
                ndjson.append(Json.write(Map.of("index", Map.of("_index", index, "_id", Integer.toString(i))))).append('\n');
                ndjson.append(Json.write(Map.of(FIELD, asList(vectors[i]), "group", Integer.toString(i % GROUPS)))).append('\n');
            }
            RestResponse bulk = client.postNdjson("/_bulk" + (pipeline == null ? "" : "?pipeline=" + pipeline), ndjson.toString())
                .assertOk();
            assertEquals(Boolean.FALSE, bulk.at("errors"), () -> bulk.body().substring(0, Math.min(2000, bulk.body().length())));
        }
        client.post("/" + index + "/_refresh", Map.of()).assertOk();
    }

    static List<Float> asList(float[] vector) {
        Float[] boxed = new Float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            boxed[i] = vector[i];
        }
        return List.of(boxed);
    }

    /** A {@code clip} query on {@code v} with a query vector and the given options. */
    static Map<String, Object> clip(float[] query, Map<String, Object> options) {
        Map<String, Object> body = new LinkedHashMap<>(options);
        body.put("query_vector", asList(query));
        return Map.of("clip", Map.of(FIELD, body));
    }

    /** Searches with a clip query; {@code size} hits, only ids and scores (and group). */
    static List<Hit> search(RestClient client, String index, float[] query, Map<String, Object> options, int size) {
        return Hit.of(client.post("/" + index + "/_search", Map.of("size", size, "_source", List.of("group"),
            "query", clip(query, options))));
    }

    /** Creates a pipeline writing the IVF list of {@code v} with a model. */
    static void createIvfPipeline(RestClient client, String pipeline, String model) {
        client.put("/_ingest/pipeline/" + pipeline, Map.of("processors", List.of(
            Map.of("clip_ivf", Map.of("field", FIELD, "ivf_model", model))))).assertOk();
    }

    /** Trains an IVF model on {@code v} and waits for it. */
    static RestResponse train(RestClient client, String model, String index, int nlist) {
        return client.post("/_plugins/_clip/ivf/models/" + model + "/_train?wait_for_completion=true",
            Map.of("index", index, "field", FIELD, "nlist", nlist)).assertOk();
    }
}

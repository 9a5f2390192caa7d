package org.opensearch.clip.plugin.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opensearch.clip.plugin.testcluster.ClipClusterExtension;
import org.opensearch.clip.plugin.testdata.ClusteredVectors;
import org.opensearch.clip.plugin.testcluster.ClipIndexes;
import org.opensearch.clip.plugin.testcluster.Json;
import org.opensearch.clip.plugin.testcluster.RestClient;
import org.opensearch.clip.plugin.testcluster.RestResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * IVF models on a real node: training as a background task with progress and a stored result, versions and pinning,
 * upload and download of centroids, deletion, cancellation, the list ids the {@code clip_embedding} processor writes,
 * the errors for models that are unknown, untrained or do not fit, and models surviving a restart (last).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IvfModelsIT {
    @RegisterExtension
    static final ClipClusterExtension cluster = ClipClusterExtension.singleNode();

    static final int DIMENSION = 32;
    static final String POOL = "pool";
    static float[][] docs;
    static float[] query;

    @BeforeAll
    static void indexThePool() {
        RestClient client = cluster.client();
        float[][] all = ClusteredVectors.generate(2001, DIMENSION, 20, 0.15, 21);
        docs = Arrays.copyOf(all, 2000);
        query = all[2000];
        VectorIndexes.create(client, POOL, false, "cosinesimil", DIMENSION, 1);
        VectorIndexes.load(client, POOL, docs, null);
    }

    private static RestClient client() {
        return cluster.client();
    }

    private static void assertError(RestResponse response, int status, String... fragments) {
        assertEquals(status, response.status(), response.toString());
        String reason = response.has("error.root_cause.0.reason") ? response.string("error.root_cause.0.reason") : response.body();
        for (String fragment : fragments) {
            assertTrue(reason.contains(fragment), "reason [" + reason + "] should contain [" + fragment + "]");
        }
    }

    private static RestResponse clipSearch(String index, Map<String, Object> options) {
        return client().post("/" + index + "/_search", Map.of("query", VectorIndexes.clip(query, options)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> awaitTask(String task, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            RestResponse response = client().get("/_tasks/" + task);
            if (response.ok() && Boolean.TRUE.equals(response.at("completed"))) {
                return (Map<String, Object>) response.json();
            }
            assertTrue(System.nanoTime() < deadline, "task " + task + " did not complete: " + response);
            Thread.sleep(200);
        }
    }

    @Test
    @Order(1)
    void trainingRunsAsABackgroundTaskWithProgressAndAStoredResult() throws InterruptedException {
        RestResponse started = client().post("/_plugins/_clip/ivf/models/pool-model/_train",
            Map.of("index", POOL, "field", "v", "nlist", 32, "description", "the pool")).assertOk();
        String task = started.string("task");
        assertEquals("pool-model:1", started.string("model"));

        Map<String, Object> done = awaitTask(task, Duration.ofSeconds(120));
        assertEquals("cluster:admin/clip/ivf/train", Json.at(done, "task.action"));
        assertEquals("pool-model:1", Json.at(done, "task.status.model"));
        assertEquals(2000, ((Number) Json.at(done, "task.status.vectors_sampled")).intValue());
        assertTrue(((Number) Json.at(done, "task.status.iteration")).intValue() >= 1);
        assertEquals("trained", Json.at(done, "response.state"));
        assertEquals("pool-model:1", Json.at(done, "response.model"));

        RestResponse model = client().get("/_plugins/_clip/ivf/models/pool-model").assertOk();
        assertEquals(1, model.list("models").size());
        assertEquals("trained", model.string("models.0.state"));
        assertEquals("cosinesimil", model.string("models.0.space_type"));
        assertEquals(DIMENSION, model.number("models.0.dimension"));
        assertEquals(32, model.number("models.0.nlist"));
        assertEquals("the pool", model.string("models.0.description"));
        assertEquals(POOL, model.string("models.0.training.index"));
        assertEquals(2000, model.number("models.0.training.sample_size"));
        assertTrue(!model.has("models.0.centroids"), "centroids only when asked for");
    }

    @Test
    @Order(2)
    @SuppressWarnings("unchecked")
    void theClipEmbeddingProcessorWritesTheNearestListNextToEachVector() {
        RestClient client = client();
        client.put("/_ingest/pipeline/images-ivf", Map.of("processors", List.of(Map.of("clip_embedding", Map.of(
            "field_map", Map.of("image", "image_vector", "caption", Map.of("target", "caption_vector", "type", "text")),
            "ivf_model", "pool-model"))))).assertOk();
        ClipIndexes.createImageIndex(client, "images-ivf", ClipIndexes.dimension(client), 1, "images-ivf");
        client.put("/images-ivf/_mapping", Map.of("properties", Map.of(
            "image_vector_ivf_list", Map.of("type", "keyword"), "caption_vector_ivf_list", Map.of("type", "keyword")))).assertOk();
        RestResponse bulk = client.postNdjson("/_bulk?refresh=true", ClipIndexes.bulkBody("images-ivf", ClipIndexes.sampleDocuments()))
            .assertOk();
        assertEquals(Map.of(), ClipIndexes.bulkFailures(bulk));

        // every vector's list is its most similar centroid, computed here from the stored vector and the centroids
        List<Object> centroids = client.get("/_plugins/_clip/ivf/models/pool-model:1?centroids=true").assertOk().list("models.0.centroids");
        assertEquals(32, centroids.size());
        RestResponse stored = client.post("/images-ivf/_search", Map.of("size", 100, "_source",
            List.of("image_vector", "image_vector_ivf_list", "caption_vector", "caption_vector_ivf_list"))).assertOk();
        for (Object hit : stored.list("hits.hits")) {
            Map<String, Object> source = (Map<String, Object>) ((Map<String, Object>) hit).get("_source");
            for (String field : List.of("image_vector", "caption_vector")) {
                float[] vector = Vectors.of(source.get(field));
                int best = 0;
                for (int c = 1; c < centroids.size(); c++) {
                    if (BruteForce.score("cosinesimil", vector, Vectors.of(centroids.get(c)))
                        > BruteForce.score("cosinesimil", vector, Vectors.of(centroids.get(best)))) {
                        best = c;
                    }
                }
                assertEquals("pool-model:1:" + best, source.get(field + "_ivf_list"), field + " of " + Json.write(hit).substring(0, 80));
            }
        }

        // a text query through IVF probing every list finds what exact search finds
        Map<String, Object> exact = Map.of("query_text", "a cat", "k", 5, "method", "exact");
        Map<String, Object> ivf = Map.of("query_text", "a cat", "k", 5, "ivf_model", "pool-model", "method_parameters", Map.of("nprobes", 32));
        List<Hit> exactHits = Hit.of(client.post("/images-ivf/_search", Map.of("size", 5, "query", Map.of("clip", Map.of("image_vector", exact)))));
        List<Hit> ivfHits = Hit.of(client.post("/images-ivf/_search", Map.of("size", 5, "query", Map.of("clip", Map.of("image_vector", ivf)))));
        assertEquals(Hit.ids(exactHits), Hit.ids(ivfHits));
    }

    @Test
    @Order(3)
    void retrainingMakesANewVersionAndQueriesAndPipelinesCanPinOne() {
        RestClient client = client();
        VectorIndexes.train(client, "versioned", POOL, 8);
        client.post("/_plugins/_clip/ivf/models/versioned/_train?wait_for_completion=true",
            Map.of("index", POOL, "field", "v", "nlist", 8, "seed", 7)).assertOk();
        RestResponse versions = client.get("/_plugins/_clip/ivf/models/versioned").assertOk();
        assertEquals(List.of(2L, 1L), versions.list("models").stream().map(m -> ((Number) Json.at(m, "version")).longValue()).toList());
        assertEquals(7L, versions.number("models.0.training.seed"));

        VectorIndexes.create(client, "pinned", false, "cosinesimil", DIMENSION, 1);
        VectorIndexes.createIvfPipeline(client, "pinned-v1", "versioned:1");
        VectorIndexes.load(client, "pinned", docs, "pinned-v1");
        RestResponse one = client.post("/pinned/_search", Map.of("size", 1, "_source", List.of("v_ivf_list"))).assertOk();
        assertTrue(one.string("hits.hits.0._source.v_ivf_list").startsWith("versioned:1:"), one.toString());

        List<Hit> exact = Hit.of(clipSearch("pinned", Map.of("method", "exact", "k", 10)));
        List<Hit> pinned = Hit.of(clipSearch("pinned", Map.of("ivf_model", "versioned:1", "k", 10, "method_parameters", Map.of("nprobes", 8))));
        assertEquals(Hit.ids(exact), Hit.ids(pinned));
        // the latest version (2) formed other lists: documents assigned by version 1 are never probed with it
        assertEquals(List.of(), Hit.ids(Hit.of(clipSearch("pinned", Map.of("ivf_model", "versioned", "k", 10)))));
    }

    @Test
    @Order(4)
    void uploadedCentroidsRoundTripAndCanBeDeleted() {
        RestClient client = client();
        List<Object> centroids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            centroids.add(VectorIndexes.asList(docs[i * 500]));
        }
        RestResponse created = client.put("/_plugins/_clip/ivf/models/uploaded", Map.of("space_type", "cosinesimil",
            "centroids", centroids, "description", "four documents", "training", Map.of("tool", "test")));
        assertEquals(201, created.status(), created.toString());
        assertEquals("uploaded:1", created.string("model"));
        assertEquals(4, created.number("nlist"));

        RestResponse back = client.get("/_plugins/_clip/ivf/models/uploaded:1?centroids=true").assertOk();
        for (int i = 0; i < 4; i++) {
            assertTrue(Arrays.equals(docs[i * 500], Vectors.of(back.at("models.0.centroids." + i))), "centroid " + i);
        }
        assertEquals("upload", back.string("models.0.training.source"));
        assertEquals("test", back.string("models.0.training.tool"));

        assertEquals(1, client.delete("/_plugins/_clip/ivf/models/uploaded").assertOk().number("deleted"));
        assertError(client.get("/_plugins/_clip/ivf/models/uploaded"), 404, "IVF model [uploaded] does not exist");
        assertError(clipSearch(POOL, Map.of("ivf_model", "uploaded")), 400, "[clip] IVF model [uploaded] does not exist");
    }

    @Test
    @Order(5)
    void cancellingATrainingStopsItAndRecordsWhy() throws InterruptedException {
        RestClient client = client();
        String task = client.post("/_plugins/_clip/ivf/models/slow/_train", Map.of("index", POOL, "field", "v", "nlist", 1500,
            "max_iterations", 1000, "tolerance", 0)).assertOk().string("task");
        RestResponse running = client.get("/_tasks/" + task).assertOk();
        if (!Boolean.TRUE.equals(running.at("completed"))) {
            assertTrue(List.of("preparing", "sampling", "clustering", "storing").contains(running.string("task.status.phase")), running.toString());
        }
        client.post("/_tasks/" + task + "/_cancel", Map.of()).assertOk();
        Map<String, Object> done = awaitTask(task, Duration.ofSeconds(120));
        assertTrue(Json.write(done.get("error")).contains("cancelled"), Json.write(done));

        RestResponse model = client.get("/_plugins/_clip/ivf/models/slow").assertOk();
        assertEquals("failed", model.string("models.0.state"));
        assertTrue(model.string("models.0.error").contains("cancelled"), model.toString());
        assertError(clipSearch(POOL, Map.of("ivf_model", "slow")), 400, "IVF model [slow] has no trained version yet: version 1 is failed");
        assertError(clipSearch(POOL, Map.of("ivf_model", "slow:1")), 400, "IVF model [slow:1] failed to train");
    }

    @Test
    @Order(6)
    void modelsThatDoNotFitAreRefusedWithAReason() {
        RestClient client = client();
        List<Object> eight = List.of(List.of(1, 0, 0, 0, 0, 0, 0, 0), List.of(0, 1, 0, 0, 0, 0, 0, 0));
        assertEquals(201, client.put("/_plugins/_clip/ivf/models/eight", Map.of("centroids", eight)).status());
        List<Object> inner = List.of(VectorIndexes.asList(docs[0]), VectorIndexes.asList(docs[1]));
        assertEquals(201, client.put("/_plugins/_clip/ivf/models/inner", Map.of("space_type", "innerproduct", "centroids", inner)).status());

        assertError(clipSearch(POOL, Map.of("ivf_model", "nowhere")), 400, "[clip] IVF model [nowhere] does not exist",
            "POST _plugins/_clip/ivf/models/nowhere/_train");
        assertError(clipSearch(POOL, Map.of("ivf_model", "eight")), 400, "IVF model [eight:1] has dimension 8, the query vector has 32");
        assertError(clipSearch(POOL, Map.of("ivf_model", "inner")), 400,
            "IVF model [inner:1] was trained for space type innerproduct, field [v] uses cosinesimil");

        // the list field must be a keyword field
        client.put("/textual", Map.of("mappings", Map.of("properties", Map.of(
            "v", Map.of("type", "knn_vector", "dimension", DIMENSION, "space_type", "cosinesimil"),
            "v_ivf_list", Map.of("type", "text"))))).assertOk();
        assertError(clipSearch("textual", Map.of("ivf_model", "pool-model")), 400, "field [v_ivf_list] must be mapped as keyword, it is [text]");

        // ingest: unknown model, and a model whose dimension is not the CLIP model's
        VectorIndexes.createIvfPipeline(client, "ghostly", "ghost");
        RestResponse ghost = client.put("/pool/_doc/ghost?pipeline=ghostly", Map.of("v", VectorIndexes.asList(docs[0])));
        assertError(ghost, 400, "[clip_ivf] field [v]: IVF model [ghost] does not exist");
        client.put("/_ingest/pipeline/eight-images", Map.of("processors", List.of(Map.of("clip_embedding", Map.of(
            "field_map", Map.of("caption", Map.of("target", "caption_vector", "type", "text")), "ivf_model", "eight"))))).assertOk();
        RestResponse eightDoc = client.put("/images-ivf/_doc/eight?pipeline=eight-images", Map.of("caption", "a cat"));
        assertError(eightDoc, 400, "[clip_embedding] IVF model [eight:1] has dimension 8 but model [", "makes vectors of dimension 32");
    }

    @Test
    @Order(7)
    void wrongOptionsAreRefusedWithTheOptionNamed() {
        RestClient client = client();
        assertError(client.post("/_plugins/_clip/ivf/models/x/_train", Map.of("index", POOL, "field", "v", "nlists", 4)), 400,
            "unknown option [nlists]");
        assertError(client.post("/_plugins/_clip/ivf/models/x/_train", Map.of("index", POOL, "field", "group")), 400,
            "field [group] is a [keyword] field, not a [knn_vector] field");
        assertError(client.post("/_plugins/_clip/ivf/models/x/_train", Map.of("index", POOL, "field", "v", "nlist", 5000)), 400,
            "index [pool] has 2000 documents with [v]; nlist 5000 needs at least as many vectors");
        assertError(client.post("/_plugins/_clip/ivf/models/x/_train", Map.of("index", POOL, "field", "v", "space_type", "l2")), 400,
            "[space_type] l2 differs from field [v]'s cosinesimil");
        assertError(client.post("/_plugins/_clip/ivf/models/Bad%20Name/_train", Map.of("index", POOL, "field", "v")), 400,
            "IVF model name [Bad Name] must be");
        assertError(client.put("/_plugins/_clip/ivf/models/x", Map.of("centroids", List.of(List.of(1, 2), List.of(1)))), 400,
            "[centroids] centroid 1 has 1 dimensions, centroid 0 has 2");
        assertError(client.put("/_ingest/pipeline/bad", Map.of("processors", List.of(Map.of("clip_ivf", Map.of("field", "v",
            "ivf_model", "Bad Name"))))), 400, "[ivf_model] IVF model name [Bad Name] must be");
        assertError(client.put("/_ingest/pipeline/bad", Map.of("processors", List.of(Map.of("clip_embedding", Map.of(
            "field_map", Map.of("image", "image_vector"), "ivf_model", "a:b"))))), 400, "[ivf_model]", "numeric version");

        assertError(clipSearch(POOL, Map.of("method", "ivf")), 400, "method [ivf] needs ivf_model");
        assertError(clipSearch(POOL, Map.of("ivf_model", "pool-model", "method_parameters", Map.of("nprobes", "all"))), 400,
            "nprobes must be a positive integer");
        assertError(clipSearch(POOL, Map.of("ivf_model", "pool-model", "method_parameters", Map.of("ef_search", 10))), 400,
            "method [ivf] takes method_parameters [nprobes], not [ef_search]");
        assertError(clipSearch(POOL, Map.of("method", "hnsw", "ivf_model", "pool-model")), 400, "ivf_model needs method [ivf]");
        assertError(clipSearch(POOL, Map.of("method", "exact", "method_parameters", Map.of("ef_search", 10))), 400,
            "method [exact] takes no method_parameters");
        assertError(clipSearch(POOL, Map.of("method", "exact", "k", 5, "min_score", 0.5)), 400, "give one of k, min_score and max_distance");
        assertError(clipSearch(POOL, Map.of("method", "nearest")), 400, "method [nearest] must be one of [hnsw, ivf, exact]");
    }

    @Test
    @Order(100)
    void modelsSurviveARestart() {
        List<Hit> before = Hit.of(clipSearch("pinned", Map.of("ivf_model", "versioned:1", "k", 10)));
        cluster.cluster().restart();
        RestResponse models = client().get("/_plugins/_clip/ivf/models").assertOk();
        List<String> names = models.list("models").stream().map(m -> (String) Json.at(m, "model")).toList();
        assertTrue(names.containsAll(List.of("pool-model:1", "versioned:2", "versioned:1", "eight:1", "inner:1", "slow:1")), names.toString());
        Map<String, Object> check = new LinkedHashMap<>(Map.of("ivf_model", "versioned:1", "k", 10));
        assertEquals(Hit.ids(before), Hit.ids(Hit.of(clipSearch("pinned", check))));
    }
}

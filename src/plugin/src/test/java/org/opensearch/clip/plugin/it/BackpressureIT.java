package org.opensearch.clip.plugin.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opensearch.clip.plugin.register.LocalFileServer;
import org.opensearch.clip.plugin.testcluster.ClipCluster;
import org.opensearch.clip.plugin.testcluster.ClipClusterExtension;
import org.opensearch.clip.plugin.testcluster.ClipIndexes;
import org.opensearch.clip.plugin.testcluster.RestClient;
import org.opensearch.clip.plugin.testcluster.RestResponse;
import org.opensearch.clip.plugin.testcluster.SampleImages;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Backpressure a client can act on, on a real node with two CPU replicas of the model and a small ingest lane: a
 * full lane answers 429 per item, a search is answered while the ingest lane is held full (by image URLs whose server
 * on 127.0.0.1 answers only when the test releases it), items that wait past
 * the queue timeout answer 503, and the stats API counts it all per node and model.
 */
class BackpressureIT {
    static final int LANE = 50;

    @RegisterExtension
    static final ClipClusterExtension cluster = ClipClusterExtension.of(ClipCluster.Options.singleNode()
        .withSetting("clip.inference.replicas_per_device", "2")
        .withSetting("clip.inference.ingest_queue_size", Integer.toString(LANE)));

    static LocalFileServer server;

    @BeforeAll
    static void createIndexAndServer() {
        server = new LocalFileServer();
        for (int i = 0; i < 100; i++) {
            server.serve("/photos/cat-" + i + ".jpg", SampleImages.named("cat.jpg").bytes());
        }
        RestClient client = cluster.client();
        Registration.allowLocalServers(client, server.port());
        ClipIndexes.createImageIndex(client, "pressure", ClipIndexes.dimension(client), 1, null);
        client.put("/_ingest/pipeline/embed", """
            {"processors": [{"clip_embedding": {"field_map": {"image": "image_vector"}}}]}""").assertOk();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static Map<String, Object> doc(String image) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("file", "x");
        doc.put("image", image);
        return doc;
    }

    private static RestResponse bulk(Map<String, Map<String, Object>> docs) {
        return cluster.client().postNdjson("/_bulk?pipeline=embed", ClipIndexes.bulkBody("pressure", docs)).assertOk();
    }

    private static Map<String, Integer> statuses(RestResponse bulk) {
        return ClipIndexes.bulkStatuses(bulk);
    }

    private static Map<?, ?> nodeStats() {
        RestResponse stats = cluster.client().get("/_plugins/_clip/stats").assertOk();
        return (Map<?, ?>) stats.object("nodes").values().iterator().next();
    }

    private static long ingestInFlight() {
        return ((Number) ((Map<?, ?>) ((Map<?, ?>) nodeStats().get("lanes")).get("ingest")).get("in_flight")).longValue();
    }

    private static Map<?, ?> defaultModelStats() {
        String model = String.valueOf(ClipIndexes.defaultModel(cluster.client()).get("name"));
        return (Map<?, ?>) ((Map<?, ?>) nodeStats().get("models")).get(model);
    }

    @Test
    void theModelRunsAsTwoCpuReplicasAndTheModelsApiListsThem() {
        assertEquals(List.of("cpu", "cpu"), ClipIndexes.defaultModel(cluster.client()).get("replicas"));
        assertEquals(2, ((List<?>) defaultModelStats().get("replicas")).size());
    }

    @Test
    void aBulkOverTheIngestLaneGets429ForTheItemsThatDidNotFitAndTheRestIsIndexed() {
        Map<String, Map<String, Object>> docs = new LinkedHashMap<>();
        for (int i = 0; i < LANE + 20; i++) {
            docs.put("lane-" + i, doc(SampleImages.named("cat.jpg").base64()));
        }

        RestResponse response = bulk(docs);

        Map<String, Integer> statuses = statuses(response);
        long created = statuses.values().stream().filter(s -> s == 201).count();
        long rejected = statuses.values().stream().filter(s -> s == 429).count();
        assertEquals(LANE, created, statuses.toString());
        assertEquals(20, rejected, statuses.toString());
        String reason = ClipIndexes.bulkFailures(response).get("lane-" + (LANE + 19));
        assertTrue(reason.contains("rejected_execution_exception") && reason.contains("clip.inference.ingest_queue_size"), reason);
        Map<?, ?> rejections = (Map<?, ?>) defaultModelStats().get("rejected");
        assertTrue(((Number) rejections.get("ingest")).longValue() >= 20, rejections.toString());
    }

    @Test
    void aSearchIsAnsweredWhileTheIngestLaneIsHeldFull() throws Exception {
        // the lane is held full for as long as the test needs: image URLs whose server on 127.0.0.1 answers only when the
        // test releases it (the queue and fetch timeouts are raised meanwhile, so a slow machine does not time them out)
        int held = 100;
        RestClient client = cluster.client();
        client.put("/_cluster/settings", Map.of("transient", Map.of("clip.inference.ingest_queue_size", held,
            "clip.inference.queue_timeout", "5m", "clip.fetch.read_timeout", "5m", "clip.fetch.total_timeout", "5m"))).assertOk();
        server.hold();
        try {
            Map<String, Map<String, Object>> docs = new LinkedHashMap<>();
            for (int i = 0; i < held; i++) {
                docs.put("held-" + i, doc(server.url("/photos/cat-" + i + ".jpg")));
            }
            CompletableFuture<RestResponse> filling = CompletableFuture.supplyAsync(() -> bulk(docs));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (ingestInFlight() < held && System.nanoTime() < deadline && !filling.isDone()) {
                Thread.sleep(5);
            }
            assertEquals(held, ingestInFlight(), "the bulk fills the ingest lane");

            RestResponse probe = bulk(Map.of("probe", doc(SampleImages.named("cat.jpg").base64())));
            RestResponse search = client.post("/pressure/_search", Map.of("query", Map.of("clip", Map.of("image_vector",
                Map.of("query_text", "a photo of a tabby cat", "k", 3)))));
            long stillInFlight = ingestInFlight();
            server.release();

            assertEquals(Map.of("probe", 429), statuses(probe), "the lane was full: " + probe);
            assertEquals(200, search.status(), search.toString());
            assertEquals(held, stillInFlight, "the search was answered while the held images were in flight");
            Map<String, Integer> filled = statuses(filling.get(5, TimeUnit.MINUTES));
            assertEquals(held, filled.size());
            assertTrue(filled.values().stream().allMatch(s -> s == 201), filled.toString());
        } finally {
            server.release();
            Map<String, Object> reset = new LinkedHashMap<>();
            reset.put("clip.inference.ingest_queue_size", LANE);
            reset.put("clip.inference.queue_timeout", null);
            reset.put("clip.fetch.read_timeout", null);
            reset.put("clip.fetch.total_timeout", null);
            client.put("/_cluster/settings", Map.of("transient", reset)).assertOk();
        }
    }

    @Test
    void itemsThatWaitPastTheQueueTimeoutGet503AndTheTimeoutIsADynamicSetting() {
        RestClient client = cluster.client();
        client.put("/_cluster/settings", Map.of("transient", Map.of("clip.inference.queue_timeout", "1ms"))).assertOk();
        try {
            Map<String, Map<String, Object>> docs = new LinkedHashMap<>();
            for (int i = 0; i < 40; i++) {
                docs.put("late-" + i, doc(SampleImages.named("cat.jpg").base64()));
            }
            RestResponse response = bulk(docs);

            Map<String, Integer> statuses = statuses(response);
            assertTrue(statuses.values().stream().anyMatch(s -> s == 503), "40 decodes take longer than 1 ms: " + statuses);
            assertTrue(statuses.values().stream().allMatch(s -> s == 201 || s == 503), statuses.toString());
            String reason = ClipIndexes.bulkFailures(response).values().iterator().next();
            assertTrue(reason.contains("over clip.inference.queue_timeout [1ms]"), reason);
        } finally {
            Map<String, Object> reset = new LinkedHashMap<>();
            reset.put("clip.inference.queue_timeout", null);
            reset.put("clip.fetch.read_timeout", null);
            reset.put("clip.fetch.total_timeout", null);
            client.put("/_cluster/settings", Map.of("transient", reset)).assertOk();
        }
        assertTrue(((Number) ((Map<?, ?>) defaultModelStats().get("failures")).get("timeout")).longValue() > 0);
    }

    @Test
    void theStatsApiAnswersForEveryNodeAndForOneNode() {
        bulk(Map.of("counted", doc(SampleImages.named("coffee.jpg").base64())));
        RestResponse all = cluster.client().get("/_plugins/_clip/stats").assertOk();
        String nodeId = all.object("nodes").keySet().iterator().next();
        RestResponse one = cluster.client().get("/_plugins/_clip/" + nodeId + "/stats").assertOk();

        assertEquals(1, one.object("nodes").size());
        Map<?, ?> node = (Map<?, ?>) one.object("nodes").get(nodeId);
        Map<?, ?> decode = (Map<?, ?>) node.get("decode");
        assertTrue(((Number) decode.get("threads")).intValue() >= 1);
        assertEquals("libwebp", decode.get("webp_decoder"), "libwebp loads inside the node (its library is extracted under path.data)");
        if (java.nio.file.Files.exists(java.nio.file.Path.of("/usr/lib/x86_64-linux-gnu/libturbojpeg.so.0"))) {
            assertEquals("libjpeg-turbo", decode.get("jpeg_decoder"), "libturbojpeg is installed, so the node decodes JPEGs with it (through OpenSearch's JNA)");
        }
        assertTrue(((Number) decode.get("memory_budget_bytes")).longValue() > 0);
        Map<?, ?> lanes = (Map<?, ?>) node.get("lanes");
        assertEquals(LANE, ((Number) ((Map<?, ?>) lanes.get("ingest")).get("capacity")).intValue());
        Map<?, ?> model = defaultModelStats();
        assertTrue(((Number) model.get("images")).longValue() >= 1);
        assertTrue(((Number) model.get("documents")).longValue() >= 1);
        assertTrue(((Number) model.get("batches")).longValue() >= 1);
        Map<?, ?> latency = (Map<?, ?>) model.get("latency");
        for (String stage : List.of("decode", "queue_wait", "encode")) {
            Map<?, ?> one1 = (Map<?, ?>) latency.get(stage);
            assertTrue(((Number) one1.get("count")).longValue() >= 1, stage + ": " + one1);
            assertTrue(((Number) one1.get("p99_ms")).doubleValue() >= ((Number) one1.get("p50_ms")).doubleValue(), stage + ": " + one1);
        }
    }
}

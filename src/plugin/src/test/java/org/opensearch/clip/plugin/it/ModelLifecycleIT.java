package org.opensearch.clip.plugin.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opensearch.clip.plugin.register.LocalFileServer;
import org.opensearch.clip.plugin.testcluster.ClipCluster;
import org.opensearch.clip.plugin.testcluster.ClipClusterExtension;
import org.opensearch.clip.plugin.testcluster.ClipIndexes;
import org.opensearch.clip.plugin.testcluster.RestClient;
import org.opensearch.clip.plugin.testcluster.RestResponse;
import org.opensearch.clip.plugin.testcluster.SampleImages;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model's life on a real cluster of two nodes and a third that joins late, across a full restart: registered once,
 * loaded by every node (the late one too) from the {@code .clip-models} system index; a vector field that remembers
 * the model that filled it and refuses another at ingest and query; delete refused while in use, forced, and cleaned
 * from every node's disk; unload, load and a default switched at run time, on every node; a failed registration that
 * keeps its name and reason and can be deleted. The steps run in order and build on each other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ModelLifecycleIT {
    @RegisterExtension
    static final ClipClusterExtension cluster = ClipClusterExtension.of(ClipCluster.Options.nodes(2).withLateNodes(1));

    static final LocalFileServer server = new LocalFileServer();
    static final String A = "lifecycle-a";
    static final String B = "lifecycle-b";
    static String urlA;
    static String sha256A;
    static String urlB;
    static String sha256B;

    @BeforeAll
    static void serveTwoBundles() throws IOException, URISyntaxException {
        Path bundle = Path.of(ModelLifecycleIT.class.getResource("/models/tiny-clip").toURI());
        byte[] a = Registration.bundleZip(bundle, "tiny-clip-test", A);
        byte[] b = Registration.bundleZip(bundle, "tiny-clip-test", B);
        urlA = server.serve("/bundles/a.zip", a);
        sha256A = LocalFileServer.sha256(a);
        urlB = server.serve("/bundles/b.zip", b);
        sha256B = LocalFileServer.sha256(b);
        Registration.allowLocalServers(cluster.client(), server.port());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    static Map<String, Object> registerA() {
        return Map.of("name", A, "url", urlA, "sha256", sha256A);
    }

    static RestResponse search(RestClient client, String index, Map<String, Object> clip) {
        return client.post("/" + index + "/_search", Map.of("query", Map.of("clip", Map.of(ClipIndexes.IMAGE_VECTOR, clip))));
    }

    @Test
    @Order(1)
    void aRegisteredModelIsLoadedOnEveryNode() throws InterruptedException {
        Registration.register(cluster.client(), registerA()).assertOk();
        List<Map<String, Object>> entries = Registration.awaitSettled(cluster.client(1), A, 120);
        assertEquals(2, entries.size());
        for (Map<String, Object> model : entries) {
            assertEquals("loaded", model.get("state"), model.toString());
            assertEquals("registered", model.get("origin"), model.toString());
        }
        assertEquals("config", ClipIndexes.defaultModel(cluster.client()).get("origin"));
    }

    @Test
    @Order(2)
    void aFieldRemembersTheModelThatFilledItAndRefusesAnother() {
        RestClient client = cluster.client();
        client.put("/_ingest/pipeline/with-a", Map.of("processors", List.of(Map.of("clip_embedding", Map.of("model", A,
            "field_map", Map.of("image", ClipIndexes.IMAGE_VECTOR)))))).assertOk();
        client.put("/_ingest/pipeline/with-default", Map.of("processors", List.of(Map.of("clip_embedding", Map.of(
            "field_map", Map.of("image", ClipIndexes.IMAGE_VECTOR)))))).assertOk();
        ClipIndexes.createImageIndex(client, "photos-a", 32, 2, "with-a");
        Map<String, Map<String, Object>> docs = new LinkedHashMap<>();
        for (String file : List.of("cat.jpg", "coffee.jpg", "astronaut.jpg")) {
            docs.put(file, ClipIndexes.document(SampleImages.named(file), false));
        }
        assertEquals(Map.of(), ClipIndexes.bulkFailures(client.postNdjson("/_bulk?refresh=true",
            ClipIndexes.bulkBody("photos-a", docs)).assertOk()));

        RestResponse mapping = client.get("/photos-a/_mapping").assertOk();
        assertEquals(A, mapping.string("photos-a.mappings._meta.clip.fields." + ClipIndexes.IMAGE_VECTOR + ".model"), mapping.toString());

        String defaultName = String.valueOf(ClipIndexes.defaultModel(client).get("name"));
        RestResponse refused = search(cluster.client(1), "photos-a", Map.of("query_text", "a cat", "k", 3));
        assertEquals(400, refused.status(), refused.toString());
        assertTrue(refused.body().contains("holds vectors of model [" + A + "]"), refused.body());
        assertTrue(refused.body().contains("model [" + defaultName + "]"), refused.body());
        RestResponse allowed = search(cluster.client(1), "photos-a", Map.of("query_text", "a cat", "k", 3, "model", A)).assertOk();
        assertEquals(3, ClipIndexes.hitIds(allowed).size(), allowed.toString());

        Map<String, Map<String, Object>> more = Map.of("more", ClipIndexes.document(SampleImages.named("cat.jpg"), false));
        Map<String, String> failures = ClipIndexes.bulkFailures(client.postNdjson("/_bulk?refresh=true&pipeline=with-default",
            ClipIndexes.bulkBody("photos-a", more)).assertOk());
        assertTrue(failures.get("more").contains("holds vectors of model [" + A + "]") && failures.get("more").contains("model ["
            + defaultName + "]"), failures.toString());
    }

    @Test
    @Order(3)
    void aModelInUseIsNotDeletedWithoutForce() {
        RestResponse refused = cluster.client(1).delete("/_plugins/_clip/models/" + A);
        assertEquals(409, refused.status(), refused.toString());
        assertTrue(refused.body().contains("pipeline [with-a]"), refused.body());
        assertTrue(refused.body().contains("index [photos-a] field [" + ClipIndexes.IMAGE_VECTOR + "]"), refused.body());
        assertEquals(Map.of(cluster.cluster().node(0).nodeName(), "loaded", cluster.cluster().node(1).nodeName(), "loaded"),
            Registration.states(cluster.client(), A));
    }

    @Test
    @Order(4)
    void unloadAndLoadApplyOnEveryNode() throws InterruptedException {
        RestResponse unloaded = cluster.client(1).post("/_plugins/_clip/models/" + A + "/_unload", Map.of()).assertOk();
        assertEquals("unloaded", unloaded.string("result"), unloaded.toString());
        assertEquals(List.of("unloaded"), Registration.states(cluster.client(), A).values().stream().distinct().toList());
        RestResponse refused = search(cluster.client(), "photos-a", Map.of("query_text", "a cat", "k", 3, "model", A));
        assertEquals(409, refused.status(), refused.toString());
        assertTrue(refused.body().contains("model [" + A + "] is unloaded; load it with POST _plugins/_clip/models/" + A + "/_load"),
            refused.body());

        cluster.client().post("/_plugins/_clip/models/" + A + "/_load", Map.of()).assertOk();
        assertEquals(List.of("loaded"), Registration.awaitState(cluster.client(), A, "loaded", 120).values().stream().distinct().toList());
        search(cluster.client(), "photos-a", Map.of("query_text", "a cat", "k", 3, "model", A)).assertOk();
    }

    @Test
    @Order(5)
    void theDefaultModelChangesAtRunTimeOnEveryNode() {
        RestClient client = cluster.client();
        client.put("/_cluster/settings", Map.of("persistent", Map.of("clip.default_model", A))).assertOk();
        try {
            assertEquals(Map.of(cluster.cluster().node(0).nodeName(), A, cluster.cluster().node(1).nodeName(), A),
                Registration.defaults(client));
            search(cluster.client(1), "photos-a", Map.of("query_text", "a cat", "k", 3)).assertOk();
            RestResponse inUse = client.delete("/_plugins/_clip/models/" + A);
            assertEquals(409, inUse.status(), inUse.toString());
        } finally {
            client.put("/_cluster/settings", "{\"persistent\": {\"clip.default_model\": null}}").assertOk();
        }
        assertEquals("config", ClipIndexes.defaultModel(client).get("origin"));
    }

    @Test
    @Order(6)
    void aFailedRegistrationKeepsItsNameAndReasonAndCanBeDeleted() throws InterruptedException {
        RestClient client = cluster.client();
        String missing = server.url("/bundles/missing.zip");
        Registration.register(client, Map.of("name", "lifecycle-broken", "url", missing, "sha256", "0".repeat(64))).assertOk();
        for (Map<String, Object> model : Registration.awaitSettled(client, "lifecycle-broken", 60)) {
            assertEquals("failed", model.get("state"), model.toString());
            assertEquals("registration failed: download of " + missing + " failed (see the node log)", model.get("error"));
        }
        RestResponse deleted = cluster.client(1).delete("/_plugins/_clip/models/lifecycle-broken").assertOk();
        assertEquals("deleted", deleted.string("result"), deleted.toString());
        assertEquals(List.of("absent"), Registration.states(client, "lifecycle-broken").values().stream().distinct().toList());
        assertEquals(404, client.delete("/_plugins/_clip/models/lifecycle-broken").status());
        RestResponse configured = client.delete("/_plugins/_clip/models/" + ClipIndexes.defaultModel(client).get("name"));
        assertEquals(400, configured.status(), configured.toString());
        assertTrue(configured.body().contains("cannot be deleted through the API"), configured.body());
    }

    @Test
    @Order(7)
    void aNodeThatJoinsLateHasTheRegisteredModelsInTheirState() throws InterruptedException {
        Registration.register(cluster.client(), Map.of("name", B, "url", urlB, "sha256", sha256B)).assertOk();
        Registration.awaitSettled(cluster.client(), B, 120);
        cluster.client().post("/_plugins/_clip/models/" + B + "/_unload", Map.of()).assertOk();

        int late = cluster.cluster().startLateNode();
        String lateName = cluster.cluster().node(late).nodeName();
        Map<String, String> a = Registration.awaitState(cluster.client(late), A, "loaded", 120);
        assertEquals(3, a.size(), a.toString());
        assertEquals(List.of("loaded"), a.values().stream().distinct().toList(), a.toString());
        assertEquals("unloaded", Registration.awaitState(cluster.client(late), B, "unloaded", 120).get(lateName));
        assertEquals("absent", Registration.states(cluster.client(late), "lifecycle-broken").get(lateName));
        search(cluster.client(late), "photos-a", Map.of("query_text", "a cat", "k", 3, "model", A)).assertOk();
        Map<String, Map<String, Object>> lateDocs = Map.of("through-the-late-node", ClipIndexes.document(SampleImages.named("cat.jpg"), false));
        assertEquals(Map.of(), ClipIndexes.bulkFailures(cluster.client(late).postNdjson("/_bulk?refresh=true",
            ClipIndexes.bulkBody("photos-a", lateDocs)).assertOk()), "the pipeline of a model the node registered after joining works");
        assertEquals(3, server.requests("/bundles/a.zip"), "each node downloaded the bundle once");
    }

    @Test
    @Order(8)
    void aRestartKeepsTheModelsAndAForcedDeleteRemovesThemFromEveryNode() throws InterruptedException {
        cluster.cluster().restart();
        assertEquals(List.of("loaded"), Registration.awaitState(cluster.client(), A, "loaded", 120).values().stream().distinct().toList());
        assertEquals(List.of("unloaded"), Registration.awaitState(cluster.client(), B, "unloaded", 120).values().stream().distinct()
            .toList());
        assertEquals(3, server.requests("/bundles/a.zip"), "a restart reuses the bundles on disk");

        RestResponse forced = cluster.client(2).delete("/_plugins/_clip/models/" + A + "?force=true").assertOk();
        assertEquals("deleted", forced.string("result"), forced.toString());
        assertEquals(List.of("absent"), Registration.states(cluster.client(), A).values().stream().distinct().toList());
        for (int node = 0; node < 3; node++) {
            Path registered = cluster.cluster().node(node).dataDirectory().resolve("opensearch-clip/registered");
            assertFalse(Files.exists(registered.resolve(A + ".zip")), "node " + node + " deleted the bundle");
            assertTrue(Files.exists(registered.resolve(B + ".zip")), "node " + node + " keeps the other one");
        }
        RestResponse query = search(cluster.client(), "photos-a", Map.of("query_text", "a cat", "k", 3, "model", A));
        assertEquals(400, query.status(), query.toString());
        assertTrue(query.body().contains("unknown model [" + A + "]"), query.body());
    }
}

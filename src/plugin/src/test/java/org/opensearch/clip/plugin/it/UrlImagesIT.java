package org.opensearch.clip.plugin.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opensearch.clip.plugin.register.LocalFileServer;
import org.opensearch.clip.plugin.testcluster.ClipClusterExtension;
import org.opensearch.clip.plugin.testcluster.ClipIndexes;
import org.opensearch.clip.plugin.testcluster.RestClient;
import org.opensearch.clip.plugin.testcluster.RestResponse;
import org.opensearch.clip.plugin.testcluster.SampleImages;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Image URLs in documents and queries, fetched by a real node from a server on 127.0.0.1 that the outbound policy is
 * opened to (by {@code clip.fetch.allowed_cidrs} and {@code allowed_ports}, as an operator would for an internal object
 * store): URL, base64 and broken URLs mixed in one bulk, a URL as {@code query_image}, repeats fetched once, and
 * {@code remove_binary}.
 */
class UrlImagesIT {
    @RegisterExtension
    static final ClipClusterExtension cluster = ClipClusterExtension.singleNode();

    static LocalFileServer server;
    static String catUrl;

    @BeforeAll
    static void startServerAndIndex() {
        server = new LocalFileServer();
        catUrl = server.serve("/photos/cat.jpg", SampleImages.named("cat.jpg").bytes());
        server.serve("/photos/coffee.jpg", SampleImages.named("coffee.jpg").bytes());
        server.serve("/page.html", "<html><body>secret page body</body></html>".getBytes(StandardCharsets.UTF_8));
        RestClient client = cluster.client();
        Registration.allowLocalServers(client, server.port());
        ClipIndexes.createImageIndex(client, "urls", ClipIndexes.dimension(client), 1, null);
        client.put("/_ingest/pipeline/embed", """
            {"processors": [{"clip_embedding": {"field_map": {"image": "image_vector"}}}]}""").assertOk();
        client.put("/_ingest/pipeline/lean", """
            {"processors": [{"clip_embedding": {"field_map": {"image": "image_vector"}, "remove_binary": true}}]}""").assertOk();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static Map<String, Object> doc(Object image) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("file", "x");
        doc.put("image", image);
        return doc;
    }

    private static RestResponse bulk(String pipeline, Map<String, Map<String, Object>> docs) {
        return cluster.client().postNdjson("/_bulk?refresh=true&pipeline=" + pipeline, ClipIndexes.bulkBody("urls", docs)).assertOk();
    }

    private static Map<String, Object> source(String id) {
        return cluster.client().get("/urls/_doc/" + id).assertOk().object("_source");
    }

    @SuppressWarnings("unchecked")
    private static List<Double> vector(String id) {
        return (List<Double>) source(id).get("image_vector");
    }

    @Test
    void aBulkMixingUrlsBase64AndBrokenUrlsIndexesTheGoodOnesAndFailsEachBrokenOneAloneWithAReason() {
        Map<String, Map<String, Object>> docs = new LinkedHashMap<>();
        docs.put("url-cat", doc(catUrl));
        docs.put("b64-cat", doc(SampleImages.named("cat.jpg").base64()));
        docs.put("missing", doc(server.url("/photos/missing.jpg")));
        docs.put("html", doc(server.url("/page.html")));
        docs.put("other-loopback", doc(catUrl.replace("127.0.0.1", "127.0.0.2")));
        docs.put("credentials", doc(catUrl.replace("http://", "http://user:hunter2@")));
        docs.put("mixed-array", doc(List.of(server.url("/photos/coffee.jpg"), SampleImages.named("coffee.jpg").base64())));

        RestResponse response = bulk("embed", docs);

        Map<String, String> failures = ClipIndexes.bulkFailures(response);
        assertEquals(List.of("missing", "html", "other-loopback", "credentials"), List.copyOf(failures.keySet()), response.toString());
        assertTrue(failures.get("missing").contains("answered 404"), failures.get("missing"));
        assertTrue(failures.get("html").contains("is not an image"), failures.get("html"));
        assertTrue(failures.get("other-loopback").contains("refused"), failures.get("other-loopback"));
        assertFalse(failures.get("credentials").contains("hunter2"), "credentials are never echoed: " + failures.get("credentials"));
        for (String reason : failures.values()) {
            assertTrue(reason.contains("[clip_embedding] field [image]"), reason);
            assertFalse(reason.contains("secret page body"), "no response body leaks: " + reason);
        }
        List<Double> fromUrl = vector("url-cat");
        List<Double> fromBase64 = vector("b64-cat");
        for (int i = 0; i < fromUrl.size(); i++) {
            assertEquals(fromBase64.get(i), fromUrl.get(i), 1e-6, "the same image by URL and by base64 embeds alike");
        }
        assertEquals(catUrl, source("url-cat").get("image"), "the document keeps its URL");
    }

    @Test
    void aQueryImageMayBeAUrl() {
        bulk("embed", Map.of("target-cat", doc(SampleImages.named("cat.jpg").base64()),
            "target-coffee", doc(SampleImages.named("coffee.jpg").base64())));

        RestResponse search = cluster.client().post("/urls/_search", Map.of("query", Map.of("clip", Map.of("image_vector",
            Map.of("query_image", server.url("/photos/coffee.jpg"), "k", 5))))).assertOk();

        // the coffee picture itself scores 1 (other documents of the class may hold it too, e.g. in an array)
        Hit coffee = Hit.of(search).stream().filter(h -> h.id().equals("target-coffee")).findFirst().orElseThrow();
        assertEquals(1.0, coffee.score(), 1e-3, search.toString());
        assertEquals(1.0, Hit.of(search).get(0).score(), 1e-3);
        RestResponse refused = cluster.client().post("/urls/_search", Map.of("query", Map.of("clip", Map.of("image_vector",
            Map.of("query_image", server.url("/page.html"), "k", 5)))));
        assertEquals(400, refused.status(), refused.toString());
        assertTrue(refused.toString().contains("[clip] query_image: cannot use the image: image URL"), refused.toString());
    }

    @Test
    void theSameUrlRepeatedInABulkIsFetchedOnce() {
        String url = server.serve("/photos/repeated.jpg", SampleImages.named("astronaut.jpg").bytes());
        Map<String, Map<String, Object>> docs = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            docs.put("repeat-" + i, doc(url));
        }

        RestResponse response = bulk("embed", docs);

        assertFalse((Boolean) response.at("errors"), response.toString());
        assertEquals(1, server.requests("/photos/repeated.jpg"), "one fetch for five documents");
        assertEquals(vector("repeat-0"), vector("repeat-4"));
        RestResponse stats = cluster.client().get("/_plugins/_clip/stats").assertOk();
        Map<?, ?> node = (Map<?, ?>) stats.object("nodes").values().iterator().next();
        Map<?, ?> model = (Map<?, ?>) ((Map<?, ?>) node.get("models")).values().iterator().next();
        assertTrue(((Number) model.get("deduplicated")).longValue() >= 4, model.toString());
    }

    @Test
    void removeBinaryKeepsImageUrlsAndDropsEmbeddedBase64FromTheSource() {
        Map<String, Map<String, Object>> docs = new LinkedHashMap<>();
        docs.put("lean-url", doc(catUrl));
        docs.put("lean-b64", doc(SampleImages.named("cat.jpg").base64()));

        RestResponse response = bulk("lean", docs);

        assertFalse((Boolean) response.at("errors"), response.toString());
        assertEquals(catUrl, source("lean-url").get("image"));
        assertFalse(source("lean-b64").containsKey("image"), source("lean-b64").toString());
        assertEquals(vector("lean-url"), vector("lean-b64"));
    }
}

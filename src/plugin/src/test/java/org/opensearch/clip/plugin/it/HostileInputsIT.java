package org.opensearch.clip.plugin.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opensearch.clip.plugin.testcluster.ClipClusterExtension;
import org.opensearch.clip.plugin.testcluster.ClipIndexes;
import org.opensearch.clip.plugin.testcluster.HostileImages;
import org.opensearch.clip.plugin.testcluster.RestClient;
import org.opensearch.clip.plugin.testcluster.RestResponse;
import org.opensearch.clip.plugin.testcluster.SampleImages;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile inputs on a real node with a 1 GB heap and default settings: requests of a few kilobytes that claim
 * millions of pixels or carry tens of thousands of images. Each fails alone with a clear status (or, where the
 * limits allow it, is embedded), the neighbours are indexed, and the node stays up with its model loaded.
 */
class HostileInputsIT {
    @RegisterExtension
    static final ClipClusterExtension cluster = ClipClusterExtension.singleNode();

    static final String TINY = HostileImages.base64Png(1, 1);

    @BeforeAll
    static void createIndex() {
        RestClient client = cluster.client();
        ClipIndexes.createImageIndex(client, "hostile", ClipIndexes.dimension(client), 1, null);
        client.put("/_ingest/pipeline/embed", """
            {"processors": [{"clip_embedding": {"field_map": {"image": "image_vector"}}}]}""").assertOk();
    }

    @AfterAll
    static void theNodeSurvivedEverything() {
        RestClient client = cluster.client();
        RestResponse health = client.get("/_cluster/health").assertOk();
        assertTrue(List.of("green", "yellow").contains(health.string("status")), health.toString());
        assertEquals("loaded", ClipIndexes.defaultModel(client).get("state"));
        RestResponse stats = client.get("/_plugins/_clip/stats").assertOk();
        for (Object node : stats.object("nodes").values()) {
            Map<?, ?> decode = (Map<?, ?>) ((Map<?, ?>) node).get("decode");
            assertEquals(0, ((Number) decode.get("memory_in_flight_bytes")).longValue(), "every decode reservation was released");
        }
    }

    private static Map<String, Object> doc(Object image) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("file", "x");
        doc.put("image", image);
        return doc;
    }

    private static String good() {
        return SampleImages.named("cat.jpg").base64();
    }

    private static RestResponse bulk(Map<String, Map<String, Object>> docs) {
        return cluster.client().postNdjson("/_bulk?refresh=true&pipeline=embed", ClipIndexes.bulkBody("hostile", docs)).assertOk();
    }

    private static Map<String, Integer> statuses(RestResponse bulk) {
        return ClipIndexes.bulkStatuses(bulk);
    }

    private static RestResponse imageQuery(String image) {
        return cluster.client().post("/hostile/_search", Map.of("query", Map.of("clip", Map.of("image_vector",
            Map.of("query_image", image, "k", 3)))));
    }

    @Test
    void extremeAspectRatiosInABulkAreEmbeddedOrRefusedAloneWithTheReason() {
        Map<String, Map<String, Object>> docs = new LinkedHashMap<>();
        docs.put("before", doc(good()));
        docs.put("line-2m", doc(HostileImages.base64Png(2_000_000, 1)));
        docs.put("column-2m", doc(HostileImages.base64Png(1, 2_000_000)));
        docs.put("line-40m", doc(HostileImages.base64Png(40_000_000, 1)));
        docs.put("after", doc(good()));

        RestResponse response = bulk(docs);

        Map<String, Integer> statuses = statuses(response);
        assertEquals(Map.of("before", 201, "line-2m", 201, "column-2m", 201, "line-40m", 400, "after", 201), statuses, response.toString());
        String reason = ClipIndexes.bulkFailures(response).get("line-40m");
        assertTrue(reason.contains("[clip_embedding] field [image]: cannot use the image: image is 40000000x1 pixels"), reason);
    }

    @Test
    void extremeAspectRatiosAsAQueryImageAnswerOrFailWith400() {
        bulk(Map.of("q-target", doc(good())));

        assertEquals(200, imageQuery(HostileImages.base64Png(2_000_000, 1)).status());
        RestResponse refused = imageQuery(HostileImages.base64Png(40_000_000, 1));
        assertEquals(400, refused.status(), refused.toString());
        assertTrue(refused.toString().contains("[clip] query_image: cannot use the image: image is 40000000x1 pixels"), refused.toString());
    }

    @Test
    void decompressionBombsAndLyingHeadersFailAloneWith400() {
        Map<String, Map<String, Object>> docs = new LinkedHashMap<>();
        docs.put("bomb-36mp", doc(HostileImages.base64Png(6000, 6000)));
        docs.put("header-2500mp", doc(Base64.getEncoder().encodeToString(HostileImages.pngHeaderOnly(50_000, 50_000))));
        docs.put("neighbour", doc(good()));

        RestResponse response = bulk(docs);

        assertEquals(Map.of("bomb-36mp", 400, "header-2500mp", 400, "neighbour", 201), statuses(response), response.toString());
        Map<String, String> failures = ClipIndexes.bulkFailures(response);
        assertTrue(failures.get("bomb-36mp").contains("6000x6000 pixels: decoding it needs")
            && failures.get("bomb-36mp").contains("clip.inference.decode_memory"), failures.get("bomb-36mp"));
        assertTrue(failures.get("header-2500mp").contains("over the limit of 40000000 pixels (clip.image.max_pixels)"),
            failures.get("header-2500mp"));
        RestResponse query = imageQuery(HostileImages.base64Png(6000, 6000));
        assertEquals(400, query.status(), query.toString());
    }

    @Test
    void aDocumentWithSixtyThousandImagesFailsWith400AndItsNeighboursAreIndexed() {
        Map<String, Map<String, Object>> docs = new LinkedHashMap<>();
        docs.put("n1", doc(good()));
        docs.put("sixty-thousand", doc(Collections.nCopies(60_000, TINY)));
        docs.put("n2", doc(good()));

        RestResponse response = bulk(docs);

        assertEquals(Map.of("n1", 201, "sixty-thousand", 400, "n2", 201), statuses(response), response.toString());
        assertTrue(ClipIndexes.bulkFailures(response).get("sixty-thousand").contains(
            "carries 60000 images, over the limit of 256 per document (clip.inference.max_images_per_document)"));
    }

    @Test
    void aBulkOfThirtyThousandImagesEmbedsWhatFitsTheRequestCapAndAsksForTheRestAgainWith429() {
        Map<String, Map<String, Object>> docs = new LinkedHashMap<>();
        List<String> album = Collections.nCopies(200, TINY);
        for (int i = 0; i < 150; i++) {
            docs.put("album-" + i, doc(album));
        }

        RestResponse response = bulk(docs);

        Map<String, Integer> statuses = statuses(response);
        List<String> created = new ArrayList<>();
        List<String> retry = new ArrayList<>();
        statuses.forEach((id, status) -> (status == 201 ? created : retry).add(id));
        assertEquals(10, created.size(), "2000 images (clip.inference.max_images_per_request) are 10 albums: " + statuses);
        assertEquals(140, retry.size());
        assertTrue(retry.stream().allMatch(id -> statuses.get(id) == 429), statuses.toString());
        String reason = ClipIndexes.bulkFailures(response).get(retry.get(0));
        assertTrue(reason.contains("rejected_execution_exception") && reason.contains("clip.inference.max_images_per_request"), reason);
    }
}

package org.opensearch.clip.plugin.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opensearch.clip.plugin.testcluster.ClipClusterExtension;
import org.opensearch.clip.plugin.testcluster.ClipIndexes;
import org.opensearch.clip.plugin.testcluster.Json;
import org.opensearch.clip.plugin.testcluster.RestClient;
import org.opensearch.clip.plugin.testcluster.RestResponse;
import org.opensearch.clip.plugin.testcluster.SampleImages;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Documents whose image cannot be embedded: they fail alone with a reason naming the field, and
 * {@code ignore_missing}, {@code ignore_failure} and {@code on_failure} work as they do for OpenSearch's own processors.
 */
class IngestFailuresIT {
    @RegisterExtension
    static final ClipClusterExtension cluster = ClipClusterExtension.singleNode();

    static final String NOT_AN_IMAGE = Base64.getEncoder().encodeToString("this is plain text, not an image".getBytes());

    @BeforeAll
    static void createIndexAndPipelines() {
        RestClient client = cluster.client();
        int dimension = ClipIndexes.dimension(client);
        ClipIndexes.createImageIndex(client, "photos", dimension, 1, null);
        client.put("/_ingest/pipeline/strict", """
            {"processors": [{"clip_embedding": {"field_map": {"image": "image_vector"}}}]}""").assertOk();
        client.put("/_ingest/pipeline/ignore-missing", """
            {"processors": [{"clip_embedding": {"field_map": {"image": "image_vector"}, "ignore_missing": true}}]}""").assertOk();
        client.put("/_ingest/pipeline/ignore-failure", """
            {"processors": [
              {"clip_embedding": {"field_map": {"image": "image_vector"}, "ignore_failure": true}},
              {"set": {"field": "after", "value": "ran"}}
            ]}""").assertOk();
        client.put("/_ingest/pipeline/on-failure", """
            {"processors": [{"clip_embedding": {
              "field_map": {"image": "image_vector"},
              "on_failure": [{"set": {"field": "embedding_error", "value": "{{_ingest.on_failure_message}}"}}]
            }}]}""").assertOk();
    }

    private static Map<String, Object> doc(String image) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("file", "x");
        doc.put("image", image);
        return doc;
    }

    private static String good(String file) {
        return SampleImages.named(file).base64();
    }

    private static String corrupt() {
        return Base64.getEncoder().encodeToString(SampleImages.corrupt());
    }

    private static RestResponse bulk(String pipeline, Map<String, Map<String, Object>> docs) {
        return cluster.client().postNdjson("/_bulk?refresh=true&pipeline=" + pipeline, ClipIndexes.bulkBody("photos", docs)).assertOk();
    }

    private static Map<String, Object> source(String id) {
        return cluster.client().get("/photos/_doc/" + id).assertOk().object("_source");
    }

    @Test
    void aCorruptImageAndANonImageFailOnlyTheirOwnItems() {
        Map<String, Map<String, Object>> docs = new LinkedHashMap<>();
        docs.put("b1", doc(good("cat.jpg")));
        docs.put("b-corrupt", doc(corrupt()));
        docs.put("b2", doc(good("ihc.webp")));
        docs.put("b-text", doc(NOT_AN_IMAGE));
        docs.put("b3", doc(good("hubble-deep-field.gif")));
        docs.put("b-not-base64", doc("%%% not base64 %%%"));
        docs.put("b4", doc(SampleImages.named("coins-grey16.png").dataUri()));

        RestResponse response = bulk("strict", docs);

        assertTrue((Boolean) response.at("errors"), response.toString());
        Map<String, String> failures = ClipIndexes.bulkFailures(response);
        assertEquals(List.of("b-corrupt", "b-text", "b-not-base64"), List.copyOf(failures.keySet()), response.toString());
        for (String reason : failures.values()) {
            assertTrue(reason.contains("[clip_embedding] field [image]: cannot use the image"), reason);
        }
        assertTrue(failures.get("b-corrupt").contains("corrupt or truncated"), failures.get("b-corrupt"));
        assertTrue(failures.get("b-text").contains("unknown image format"), failures.get("b-text"));
        assertTrue(failures.get("b-not-base64").contains("not valid base64"), failures.get("b-not-base64"));
        for (Object item : response.list("items")) {
            Map<?, ?> result = (Map<?, ?>) ((Map<?, ?>) item).get("index");
            int expected = failures.containsKey(String.valueOf(result.get("_id"))) ? 400 : 201;
            assertEquals(expected, ((Number) result.get("status")).intValue(), item.toString());
        }
        for (String id : List.of("b1", "b2", "b3", "b4")) {
            assertTrue(source(id).containsKey("image_vector"), id + " was embedded");
        }
        for (String id : List.of("b-corrupt", "b-text", "b-not-base64")) {
            assertEquals(404, cluster.client().get("/photos/_doc/" + id).status(), id + " was not indexed");
        }
    }

    @Test
    void theNodeStaysHealthyAndServesAfterBadImages() {
        Map<String, Map<String, Object>> docs = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            docs.put("h-corrupt-" + i, doc(corrupt()));
            docs.put("h-good-" + i, doc(good("retina.bmp")));
        }
        bulk("strict", docs);

        RestResponse health = cluster.client().get("/_cluster/health").assertOk();
        assertTrue(List.of("green", "yellow").contains(health.string("status")), health.toString());
        assertEquals("loaded", ClipIndexes.defaultModel(cluster.client()).get("state"));
        RestResponse search = cluster.client().post("/photos/_search", Map.of("query", Map.of("clip", Map.of("image_vector",
            Map.of("query_image", good("retina.bmp"), "k", 3))))).assertOk();
        assertTrue(Hit.of(search).get(0).id().startsWith("h-good-"), search.toString());
    }

    @Test
    void aMissingOrEmptyFieldFailsTheDocumentAndNamesTheOption() {
        Map<String, Map<String, Object>> docs = new LinkedHashMap<>();
        docs.put("m-absent", Map.of("file", "no image"));
        docs.put("m-empty", doc(""));
        docs.put("m-good", doc(good("cat.jpg")));

        Map<String, String> failures = ClipIndexes.bulkFailures(bulk("strict", docs));

        assertEquals(List.of("m-absent", "m-empty"), List.copyOf(failures.keySet()));
        for (String reason : failures.values()) {
            assertTrue(reason.contains("[clip_embedding] field [image] is missing or empty; set ignore_missing"), reason);
        }
    }

    @Test
    void ignoreMissingIndexesDocumentsWithoutTheFieldUnchanged() {
        Map<String, Map<String, Object>> docs = new LinkedHashMap<>();
        docs.put("im-absent", Map.of("file", "no image"));
        Map<String, Object> nullImage = new LinkedHashMap<>();
        nullImage.put("file", "null image");
        nullImage.put("image", null);
        docs.put("im-null", nullImage);
        docs.put("im-good", doc(good("coffee.jpg")));
        docs.put("im-corrupt", doc(corrupt()));

        RestResponse response = bulk("ignore-missing", docs);

        assertEquals(List.of("im-corrupt"), List.copyOf(ClipIndexes.bulkFailures(response).keySet()),
            "ignore_missing does not hide an image that cannot be decoded: " + response);
        assertEquals(Map.of("file", "no image"), source("im-absent"));
        assertEquals(nullImage, source("im-null"));
        assertTrue(source("im-good").containsKey("image_vector"));
    }

    @Test
    void ignoreFailureIndexesTheDocumentWithoutAVectorAndRunsTheNextProcessor() {
        Map<String, Map<String, Object>> docs = new LinkedHashMap<>();
        docs.put("if-corrupt", doc(corrupt()));
        docs.put("if-good", doc(good("camera-grey.jpg")));
        docs.put("if-text", doc(NOT_AN_IMAGE));
        docs.put("if-absent", Map.of("file", "no image"));

        RestResponse response = bulk("ignore-failure", docs);

        assertFalse((Boolean) response.at("errors"), response.toString());
        for (String id : List.of("if-corrupt", "if-text", "if-absent")) {
            Map<String, Object> source = source(id);
            assertFalse(source.containsKey("image_vector"), id + ": " + source);
            assertEquals("ran", source.get("after"), id);
        }
        assertTrue(source("if-good").containsKey("image_vector"));
        assertEquals("ran", source("if-good").get("after"));
    }

    @Test
    void ignoreFailureAlsoHoldsForASingleDocument() {
        RestResponse response = cluster.client().put("/photos/_doc/if-single?pipeline=ignore-failure&refresh=true", doc(corrupt()));

        assertEquals(201, response.status(), response.toString());
        assertFalse(source("if-single").containsKey("image_vector"));
    }

    @Test
    void onFailureHandlersSeeAMessageNamingTheField() {
        Map<String, Map<String, Object>> docs = new LinkedHashMap<>();
        docs.put("of-corrupt", doc(corrupt()));
        docs.put("of-good", doc(good("rocket-progressive.jpg")));

        RestResponse response = bulk("on-failure", docs);

        assertFalse((Boolean) response.at("errors"), response.toString());
        String error = String.valueOf(source("of-corrupt").get("embedding_error"));
        assertTrue(error.contains("[clip_embedding] field [image]: cannot use the image") && error.contains("corrupt or truncated"),
            error);
        assertFalse(source("of-good").containsKey("embedding_error"), Json.write(source("of-good").keySet()));
    }
}

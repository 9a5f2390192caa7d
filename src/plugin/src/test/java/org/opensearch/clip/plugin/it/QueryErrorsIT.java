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
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A {@code clip} query that cannot run is a 400 whose message says what is wrong. */
class QueryErrorsIT {
    @RegisterExtension
    static final ClipClusterExtension cluster = ClipClusterExtension.singleNode();

    static int dimension;
    static String defaultModel;

    @BeforeAll
    static void createIndex() {
        RestClient client = cluster.client();
        dimension = ClipIndexes.dimension(client);
        defaultModel = (String) ClipIndexes.defaultModel(client).get("name");
        client.put("/mixed", Map.of(
            "settings", Map.of("index", Map.of("knn", true, "number_of_shards", 1, "number_of_replicas", 0)),
            "mappings", Map.of("properties", Map.of(
                "title", Map.of("type", "keyword"),
                "image_vector", ClipIndexes.vectorField(dimension),
                "other_vector", ClipIndexes.vectorField(dimension + 3)
            ))
        )).assertOk();
        client.put("/mixed/_doc/1?refresh=true", Map.of("title", "t")).assertOk();
    }

    private static RestResponse clipOn(String field, Map<String, Object> options) {
        return cluster.client().post("/mixed/_search", Map.of("query", Map.of("clip", Map.of(field, options))));
    }

    private static void assertBadRequest(RestResponse response, String... fragments) {
        assertEquals(400, response.status(), response.toString());
        String reason = response.string("error.root_cause.0.reason");
        for (String fragment : fragments) {
            assertTrue(reason.contains(fragment), "reason [" + reason + "] should contain [" + fragment + "]");
        }
    }

    @Test
    void aFieldThatIsNotAVectorField() {
        assertBadRequest(clipOn("title", Map.of("query_text", "cat")), "Field 'title' is not knn_vector type");
    }

    @Test
    void aVectorFieldOfAnotherDimension() {
        assertBadRequest(clipOn("other_vector", Map.of("query_text", "cat")),
            "invalid dimension: " + dimension, "should be: " + (dimension + 3));
    }

    @Test
    void anUnknownModel() {
        assertBadRequest(clipOn("image_vector", Map.of("query_text", "cat", "model", "no-such-model")),
            "unknown model [no-such-model]", defaultModel);
    }

    @Test
    void neitherTextNorImage() {
        assertBadRequest(clipOn("image_vector", Map.of("k", 3)),
            "[clip] on field [image_vector]: needs query_text, query_image or both");
    }

    @Test
    void anEmptyText() {
        assertBadRequest(clipOn("image_vector", Map.of("query_text", " ")), "query_text must not be empty");
    }

    @Test
    void anUnknownOption() {
        assertBadRequest(clipOn("image_vector", Map.of("query_text", "cat", "colour", "red")), "[clip] does not support [colour]");
    }

    @Test
    void kOutOfRange() {
        assertBadRequest(clipOn("image_vector", Map.of("query_text", "cat", "k", 0)), "k must be between 1 and 10000, got 0");
    }

    @Test
    void negativeWeights() {
        assertBadRequest(clipOn("image_vector", Map.of("query_text", "cat", "text_weight", -1)),
            "text_weight and image_weight must not be negative");
    }

    @Test
    void twoFieldsInOneQuery() {
        RestResponse response = cluster.client().post("/mixed/_search", """
            {"query": {"clip": {"image_vector": {"query_text": "a"}, "other_vector": {"query_text": "b"}}}}""");
        assertBadRequest(response, "[clip] searches one field, found [image_vector] and [other_vector]");
    }

    @Test
    void aQueryImageThatIsNotAnImage() {
        String text = Base64.getEncoder().encodeToString("hello".getBytes());
        assertBadRequest(clipOn("image_vector", Map.of("query_image", text)), "[clip] query_image: cannot use the image",
            "unknown image format");
        String corrupt = Base64.getEncoder().encodeToString(SampleImages.corrupt());
        assertBadRequest(clipOn("image_vector", Map.of("query_image", corrupt)), "[clip] query_image: cannot use the image",
            "corrupt or truncated");
    }

    @Test
    void theNodeStillAnswersAfterTheErrors() {
        RestResponse ok = clipOn("image_vector", Map.of("query_text", "cat", "k", 1)).assertOk();
        assertEquals(0, ok.number("hits.total.value"), "the only document has no vector: " + Json.write(ok.json()));
        assertTrue(List.of("green", "yellow").contains(cluster.client().get("/_cluster/health").assertOk().string("status")));
    }
}

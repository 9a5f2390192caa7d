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

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two nodes, an index with a shard on each: documents ingested through either node, and a {@code clip} query
 * coordinated by either node gives the same hits (the query embedding is computed on the coordinating node during
 * rewrite and travels to the shards as a vector).
 */
class TwoNodeClusterIT {
    @RegisterExtension
    static final ClipClusterExtension cluster = ClipClusterExtension.nodes(2);

    static final String INDEX = "shared";

    @BeforeAll
    static void indexOnBothNodes() {
        RestClient first = cluster.client(0);
        RestClient second = cluster.client(1);
        ClipIndexes.createImagePipeline(first, "shared");
        ClipIndexes.createImageIndex(first, INDEX, ClipIndexes.dimension(first), 2, "shared");
        first.get("/_cluster/health/" + INDEX + "?wait_for_status=green&timeout=60s").assertOk();
        List<SampleImages.Image> images = SampleImages.decodable();
        // half of the bulk through each node: each coordinating node runs the pipeline for its own half
        java.util.Map<String, Map<String, Object>> viaFirst = new java.util.LinkedHashMap<>();
        java.util.Map<String, Map<String, Object>> viaSecond = new java.util.LinkedHashMap<>();
        for (int i = 0; i < images.size(); i++) {
            (i % 2 == 0 ? viaFirst : viaSecond).put(ClipIndexes.id(images.get(i), false), ClipIndexes.document(images.get(i), false));
        }
        assertEquals(Map.of(), ClipIndexes.bulkFailures(first.postNdjson("/_bulk", ClipIndexes.bulkBody(INDEX, viaFirst)).assertOk()));
        assertEquals(Map.of(), ClipIndexes.bulkFailures(second.postNdjson("/_bulk", ClipIndexes.bulkBody(INDEX, viaSecond)).assertOk()));
        first.post("/" + INDEX + "/_refresh", "{}").assertOk();
    }

    @Test
    void bothNodesHaveTheDefaultModelLoaded() {
        RestResponse models = cluster.client(1).get("/_plugins/_clip/models").assertOk();
        assertEquals(2, models.object("nodes").size(), models.toString());
        for (Object node : models.object("nodes").values()) {
            assertEquals("loaded", Json.at(node, "models.0.state"), models.toString());
            assertEquals(true, Json.at(node, "models.0.default"), models.toString());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theIndexHasAShardOnEachNodeAndEveryDocument() {
        RestResponse shards = cluster.client(0).get("/_cat/shards/" + INDEX + "?format=json&h=shard,prirep,state,node").assertOk();
        Set<String> nodes = new TreeSet<>();
        for (Object shard : (List<Object>) shards.json()) {
            Map<String, Object> s = (Map<String, Object>) shard;
            assertEquals("STARTED", s.get("state"), shards.toString());
            nodes.add(String.valueOf(s.get("node")));
        }
        assertEquals(Set.of(cluster.cluster().node(0).nodeName(), cluster.cluster().node(1).nodeName()), nodes, shards.toString());
        assertEquals(SampleImages.decodable().size(), cluster.client(1).get("/" + INDEX + "/_count").assertOk().number("count"));
    }

    @Test
    void aTextQueryGivesTheSameHitsWhicheverNodeCoordinatesIt() {
        Map<String, Object> body = Map.of("size", 10, "_source", List.of("file"),
            "query", Map.of("clip", Map.of(ClipIndexes.IMAGE_VECTOR, Map.of("query_text", "a rocket launching into the sky", "k", 5))));
        assertSameHits(body);
    }

    @Test
    void anImageQueryGivesTheSameHitsWhicheverNodeCoordinatesItAndFindsTheImage() {
        SampleImages.Image hubble = SampleImages.named("hubble-deep-field.gif");
        Map<String, Object> body = Map.of("size", 10, "_source", List.of("file"),
            "query", Map.of("clip", Map.of(ClipIndexes.IMAGE_VECTOR, Map.of("query_image", hubble.base64(), "k", 5))));
        List<Hit> hits = assertSameHits(body);
        assertEquals(ClipIndexes.id(hubble, false), hits.get(0).id());
    }

    @Test
    void aBoolQueryWithAFilterGivesTheSameHitsOnBothNodes() {
        Map<String, Object> body = Map.of("size", 10, "_source", List.of("file"),
            "query", Map.of("bool", Map.of(
                "must", List.of(Map.of("clip", Map.of(ClipIndexes.IMAGE_VECTOR, Map.of("query_text", "a photo of a tabby cat", "k", 8)))),
                "must_not", List.of(Map.of("term", Map.of("format", "jpg")))
            )));
        List<Hit> hits = assertSameHits(body);
        hits.forEach(h -> assertTrue(!h.field("file").endsWith(".jpg"), h.toString()));
    }

    private static List<Hit> assertSameHits(Map<String, Object> body) {
        RestResponse viaFirst = cluster.client(0).post("/" + INDEX + "/_search", body).assertOk();
        RestResponse viaSecond = cluster.client(1).post("/" + INDEX + "/_search", body).assertOk();
        assertEquals(2, viaFirst.number("_shards.successful"), viaFirst.toString());
        List<Hit> first = Hit.of(viaFirst);
        List<Hit> second = Hit.of(viaSecond);
        assertTrue(!first.isEmpty(), viaFirst.toString());
        assertEquals(Hit.ids(first), Hit.ids(second));
        for (int i = 0; i < first.size(); i++) {
            assertEquals(first.get(i).score(), second.get(i).score(), 1e-6, "score of hit " + i);
        }
        return first;
    }
}

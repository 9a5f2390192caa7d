package org.opensearch.clip.plugin.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opensearch.clip.plugin.register.LocalFileServer;
import org.opensearch.clip.plugin.testcluster.ClipClusterExtension;
import org.opensearch.clip.plugin.testcluster.ClipIndexes;
import org.opensearch.clip.plugin.testcluster.Json;
import org.opensearch.clip.plugin.testcluster.RestClient;
import org.opensearch.clip.plugin.testcluster.RestResponse;
import org.opensearch.clip.plugin.testcluster.SampleImages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Zero-shot classification, the embed API and the clip query's embedding arithmetic on a real node: {@code _embed}
 * with tokens and unknown words, {@code _classify} of images (base64, data URIs and URLs of a server on 127.0.0.1 that
 * the outbound policy is opened to) and of documents' stored vectors, label sets, the {@code clip_classify} processor
 * after {@code clip_embedding} (one encode per image), {@code query_document} (also with a filter, the exact method and
 * inside {@code bool}) and {@code negative_text}, and their errors.
 */
class ZeroShotIT {
    @RegisterExtension
    static final ClipClusterExtension cluster = ClipClusterExtension.singleNode();

    static final String INDEX = "zs-gallery";
    static final List<String> LABELS = List.of("pizza", "red heart", "cat", "dog", "star", "rocket");
    static String model;
    static int dimension;
    static LocalFileServer server;
    static String catUrl;

    @BeforeAll
    static void indexTheSampleImages() {
        RestClient client = cluster.client();
        model = (String) ClipIndexes.defaultModel(client).get("name");
        dimension = ClipIndexes.dimension(client);
        ClipIndexes.createImagePipeline(client, "zs-gallery");
        ClipIndexes.createImageIndex(client, INDEX, dimension, 1, "zs-gallery");
        RestResponse bulk = client.postNdjson("/_bulk?refresh=true", ClipIndexes.bulkBody(INDEX, ClipIndexes.sampleDocuments())).assertOk();
        assertEquals(Map.of(), ClipIndexes.bulkFailures(bulk));
        server = new LocalFileServer();
        catUrl = server.serve("/photos/cat.jpg", SampleImages.named("cat.jpg").bytes());
        Registration.allowLocalServers(client, server.port());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static RestResponse post(String path, Object body) {
        return cluster.client().post(path, body);
    }

    private static float[] textVector(String text) {
        return Vectors.of(post("/_plugins/_clip/_embed", Map.of("texts", List.of(text))).assertOk().at("texts.0.vector"));
    }

    private static float[] storedVector(String id) {
        return Vectors.of(cluster.client().get("/" + INDEX + "/_doc/" + id).assertOk().at("_source." + ClipIndexes.IMAGE_VECTOR));
    }

    private static void assertError(int status, String fragment, RestResponse response) {
        assertEquals(status, response.status(), response.toString());
        String reason = response.string("error.reason");
        assertTrue(reason != null && reason.contains(fragment), "reason [" + reason + "] should contain [" + fragment + "]");
    }

    private static long imagesEmbedded() {
        Map<?, ?> nodes = cluster.client().get("/_plugins/_clip/stats").assertOk().object("nodes");
        return ((Number) Json.at(nodes.values().iterator().next(), "models." + model + ".images")).longValue();
    }

    // ---- _embed

    @Test
    void embedGivesUnitVectorsTokensAndTheWordsTheModelDoesNotKnow() {
        String image = SampleImages.named("cat.jpg").base64();
        RestResponse response = post("/_plugins/_clip/_embed", Map.of("texts", List.of("Red heart", "xyzzy galaxies"),
            "images", List.of(image, "bm90IGFuIGltYWdl"))).assertOk();

        assertEquals(model, response.string("model.name"));
        float[] heart = Vectors.of(response.at("texts.0.vector"));
        assertEquals(dimension, heart.length);
        assertEquals(1.0, Vectors.dot(heart, heart), 1e-4);
        assertEquals(List.of("red", "heart"), response.list("texts.0.tokens"));
        assertEquals(List.of(), response.list("texts.0.unknown_words"));
        assertEquals(List.of("xyzzy"), response.list("texts.1.unknown_words"), response.toString());
        assertTrue(response.list("texts.1.tokens").contains("galaxies"), response.toString());
        assertTrue(response.list("texts.1.tokens").size() > 2, "xyzzy is split into pieces: " + response);
        assertEquals(dimension, response.list("images.0.vector").size());
        assertEquals(400L, response.number("images.1.error.status"), response.toString());
        assertTrue(response.string("images.1.error.reason").contains("[_embed] images[1]"), response.toString());
    }

    @Test
    void englishWordsThatNoEmojiCaptionHasAreKnownAndEachGivesItsOwnVector() {
        // the default model's text tower is a pretrained English sentence encoder: words outside the emoji captions are
        // not one unknown token (emoji-clip 1 gave these five the same vector and the same hits)
        List<String> words = List.of("galaxies", "coins", "quantum", "thunderstorm", "kitty");
        RestResponse response = post("/_plugins/_clip/_embed", Map.of("texts", words)).assertOk();
        List<float[]> vectors = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            assertEquals(List.of(), response.list("texts." + i + ".unknown_words"), words.get(i));
            vectors.add(Vectors.of(response.at("texts." + i + ".vector")));
        }
        for (int i = 0; i < words.size(); i++) {
            for (int j = i + 1; j < words.size(); j++) {
                double cosine = Vectors.dot(vectors.get(i), vectors.get(j));
                assertTrue(cosine < 0.95, words.get(i) + " and " + words.get(j) + " are different queries: cosine " + cosine);
            }
        }
    }

    @Test
    void embedRefusesWrongBodiesWith400() {
        assertError(400, "[_embed] needs [texts] or [images]", post("/_plugins/_clip/_embed", Map.of()));
        assertError(400, "[_embed] unknown option [text]", post("/_plugins/_clip/_embed", Map.of("text", List.of("a"))));
        assertError(400, "unknown model [nope]", post("/_plugins/_clip/_embed", Map.of("texts", List.of("a"), "model", "nope")));
    }

    // ---- _classify

    private static Map<String, Object> classifyImages(List<String> images, Map<String, Object> options) {
        Map<String, Object> body = new LinkedHashMap<>(options);
        body.put("images", images);
        return body;
    }

    @Test
    void classifyingAnImageGivesTheTopLabelsWithSoftmaxProbabilitiesAndRawCosines() {
        String image = SampleImages.named("cat.jpg").base64();
        RestResponse response = post("/_plugins/_clip/_classify", classifyImages(List.of(image),
            Map.of("labels", LABELS, "templates", List.of("{}"), "top_k", LABELS.size()))).assertOk();

        double scale = response.decimal("logit_scale");
        assertTrue(scale > 1, "the manifest's logit scale: " + scale);
        List<Object> labels = response.list("results.0.labels");
        assertEquals(LABELS.size(), labels.size());
        float[] imageVector = Vectors.of(post("/_plugins/_clip/_embed", Map.of("images", List.of(image))).assertOk().at("images.0.vector"));
        double sum = 0;
        double norm = 0;
        for (String label : LABELS) {
            norm += Math.exp(scale * Vectors.dot(imageVector, textVector(label)));
        }
        for (int i = 0; i < labels.size(); i++) {
            String label = (String) Json.at(labels.get(i), "label");
            double similarity = ((Number) Json.at(labels.get(i), "similarity")).doubleValue();
            double probability = ((Number) Json.at(labels.get(i), "probability")).doubleValue();
            assertEquals(Vectors.dot(imageVector, textVector(label)), similarity, 1e-4, label);
            assertEquals(Math.exp(scale * similarity) / norm, probability, 1e-3, label);
            if (i > 0) {
                assertTrue(similarity <= ((Number) Json.at(labels.get(i - 1), "similarity")).doubleValue(), "most similar first");
            }
            sum += probability;
        }
        assertEquals(1.0, sum, 1e-4, "every label shown: the probabilities sum to 1");
    }

    @Test
    void topKAndMinProbabilityCutTheLabels() {
        String image = SampleImages.named("cat.jpg").base64();
        RestResponse two = post("/_plugins/_clip/_classify", classifyImages(List.of(image), Map.of("labels", LABELS, "top_k", 2))).assertOk();
        assertEquals(2, two.list("results.0.labels").size());
        RestResponse likely = post("/_plugins/_clip/_classify", classifyImages(List.of(image),
            Map.of("labels", LABELS, "top_k", 6, "min_probability", 0.5))).assertOk();
        assertTrue(likely.list("results.0.labels").size() <= 1, likely.toString());
    }

    @Test
    void aDataUriAndAUrlAreClassifiedAndEmbeddedLikeTheSameImageInBase64() {
        SampleImages.Image cat = SampleImages.named("cat.jpg");
        List<String> sources = List.of(cat.base64(), cat.dataUri(), catUrl);
        RestResponse classified = post("/_plugins/_clip/_classify", classifyImages(sources, Map.of("labels", LABELS, "top_k", 3)))
            .assertOk();
        RestResponse embedded = post("/_plugins/_clip/_embed", Map.of("images", sources)).assertOk();

        float[] base64 = Vectors.of(embedded.at("images.0.vector"));
        for (int i = 1; i < sources.size(); i++) {
            assertSameLabels(classified.list("results.0.labels"), classified.list("results." + i + ".labels"));
            assertArrayEquals(base64, Vectors.of(embedded.at("images." + i + ".vector")), 1e-5f, embedded.toString());
        }
    }

    @Test
    void documentsAreClassifiedFromTheirStoredVectorsLikeTheirImages() {
        SampleImages.Image cat = SampleImages.named("cat.jpg");
        SampleImages.Image coffee = SampleImages.named("coffee.jpg");
        RestResponse byImage = post("/_plugins/_clip/_classify", classifyImages(List.of(cat.base64(), coffee.base64()),
            Map.of("labels", LABELS, "top_k", 3))).assertOk();
        long before = imagesEmbedded();
        RestResponse byDocument = post("/_plugins/_clip/_classify", Map.of("documents", Map.of("index", INDEX,
            "ids", List.of(ClipIndexes.id(cat, false), "no-such-doc", ClipIndexes.id(coffee, true)), "field", ClipIndexes.IMAGE_VECTOR),
            "labels", LABELS, "top_k", 3)).assertOk();

        assertEquals(before, imagesEmbedded(), "stored vectors are used, nothing is encoded again");
        assertEquals(ClipIndexes.id(cat, false), byDocument.string("results.0.id"));
        assertSameLabels(byImage.list("results.0.labels"), byDocument.list("results.0.labels"));
        assertSameLabels(byImage.list("results.1.labels"), byDocument.list("results.2.labels"));
        assertEquals(404L, byDocument.number("results.1.error.status"), byDocument.toString());
        assertEquals("resource_not_found_exception", byDocument.string("results.1.error.type"));
    }

    private static void assertSameLabels(List<Object> expected, List<Object> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(Json.at(expected.get(i), "label"), Json.at(actual.get(i), "label"));
            assertEquals(((Number) Json.at(expected.get(i), "similarity")).doubleValue(),
                ((Number) Json.at(actual.get(i), "similarity")).doubleValue(), 1e-4);
        }
    }

    @Test
    void classifyRefusesWrongRequestsSayingWhy() {
        String image = SampleImages.named("cat.jpg").base64();
        assertError(400, "needs either [labels] (an array) or [label_set]", post("/_plugins/_clip/_classify", Map.of("images", List.of(image))));
        assertError(400, "needs either [images]", post("/_plugins/_clip/_classify", Map.of("labels", LABELS)));
        assertError(400, "unknown model [nope]", post("/_plugins/_clip/_classify", classifyImages(List.of(image),
            Map.of("labels", LABELS, "model", "nope"))));
        assertError(400, "[top_k] must be at least 1", post("/_plugins/_clip/_classify", classifyImages(List.of(image),
            Map.of("labels", LABELS, "top_k", 0))));
        assertError(404, "label set [nothing-here] does not exist", post("/_plugins/_clip/_classify", classifyImages(List.of(image),
            Map.of("label_set", "nothing-here"))));
        assertError(404, "no such index", post("/_plugins/_clip/_classify", Map.of("documents",
            Map.of("index", "missing-index", "ids", List.of("1"), "field", "v"), "labels", LABELS)));
        RestResponse badImage = post("/_plugins/_clip/_classify", classifyImages(List.of("bm90IGFuIGltYWdl", image),
            Map.of("labels", LABELS))).assertOk();
        assertEquals(400L, badImage.number("results.0.error.status"), badImage.toString());
        assertEquals(5, badImage.list("results.1.labels").size(), "the other image is classified");
    }

    // ---- label sets

    @Test
    void aLabelSetIsStoredReadReplacedAndDeletedAndClassificationFollowsIt() {
        String image = SampleImages.named("cat.jpg").base64();
        RestClient client = cluster.client();
        RestResponse created = client.put("/_plugins/_clip/label_sets/pets", Map.of("labels", List.of("cat", "dog"),
            "templates", List.of("{}", "a {} emoji"), "prompts", Map.of("dog", List.of("dog", "a dog emoji")),
            "description", "two pets")).assertOk();
        assertEquals(201, created.status());
        assertEquals(1L, created.number("version"));
        RestResponse read = client.get("/_plugins/_clip/label_sets/pets").assertOk();
        assertEquals(List.of("cat", "dog"), read.list("labels"));
        assertEquals("two pets", read.string("description"));

        RestResponse stored = post("/_plugins/_clip/_classify", classifyImages(List.of(image), Map.of("label_set", "pets"))).assertOk();
        RestResponse inline = post("/_plugins/_clip/_classify", classifyImages(List.of(image), Map.of("labels", List.of("cat", "dog"),
            "templates", List.of("{}", "a {} emoji"), "prompts", Map.of("dog", List.of("dog", "a dog emoji"))))).assertOk();
        assertSameLabels(inline.list("results.0.labels"), stored.list("results.0.labels"));

        RestResponse replaced = client.put("/_plugins/_clip/label_sets/pets", Map.of("labels", List.of("pizza", "rocket"))).assertOk();
        assertEquals(2L, replaced.number("version"));
        RestResponse after = post("/_plugins/_clip/_classify", classifyImages(List.of(image), Map.of("label_set", "pets"))).assertOk();
        List<Object> labels = after.list("results.0.labels");
        assertEquals(List.of("pizza", "rocket"), labels.stream().map(l -> Json.at(l, "label")).sorted().toList(),
            "the replaced set's labels, not cached ones");

        assertTrue(client.get("/_plugins/_clip/label_sets").assertOk().list("label_sets").stream()
            .anyMatch(s -> "pets".equals(Json.at(s, "name"))));
        client.delete("/_plugins/_clip/label_sets/pets").assertOk();
        assertError(404, "label set [pets] does not exist", client.get("/_plugins/_clip/label_sets/pets"));
        assertError(404, "label set [pets] does not exist", client.delete("/_plugins/_clip/label_sets/pets"));
        assertError(404, "label set [pets] does not exist", post("/_plugins/_clip/_classify", classifyImages(List.of(image),
            Map.of("label_set", "pets"))));
    }

    @Test
    void wrongLabelSetsAreRefusedWith400() {
        RestClient client = cluster.client();
        assertError(400, "[labels] is required", client.put("/_plugins/_clip/label_sets/bad", Map.of("templates", List.of("{}"))));
        assertError(400, "[labels] holds [cat] twice", client.put("/_plugins/_clip/label_sets/bad", Map.of("labels", List.of("cat", "cat"))));
        assertError(400, "unknown option [colour]", client.put("/_plugins/_clip/label_sets/bad", Map.of("labels", List.of("cat"), "colour", 1)));
        assertError(400, "label set names are", client.put("/_plugins/_clip/label_sets/Bad", Map.of("labels", List.of("cat"))));
        assertError(400, "a body is required", client.send("PUT", "/_plugins/_clip/label_sets/bad", null, "application/json"));
    }

    // ---- clip_classify in a pipeline

    @Test
    void clipClassifyAfterClipEmbeddingTagsDocumentsWithoutASecondEncode() {
        RestClient client = cluster.client();
        client.put("/_ingest/pipeline/zs-tagging", Map.of("processors", List.of(
            Map.of("clip_embedding", Map.of("field_map", Map.of("image", ClipIndexes.IMAGE_VECTOR))),
            Map.of("clip_classify", Map.of("vector_field", ClipIndexes.IMAGE_VECTOR, "target_field", "tags",
                "probability_field", "tag_scores", "labels", LABELS, "top_k", 2))
        ))).assertOk();
        client.put("/zs-tagged", Map.of("settings", Map.of("index", Map.of("knn", true, "number_of_shards", 1, "number_of_replicas", 0,
            "default_pipeline", "zs-tagging")), "mappings", Map.of("properties", Map.of(
                "image", Map.of("type", "object", "enabled", false),
                "tags", Map.of("type", "keyword"),
                "tag_scores", Map.of("type", "object"),
                ClipIndexes.IMAGE_VECTOR, ClipIndexes.vectorField(dimension))))).assertOk();
        Map<String, Map<String, Object>> docs = new LinkedHashMap<>();
        for (SampleImages.Image image : SampleImages.decodable()) {
            docs.put(image.file(), Map.of("image", image.base64()));
        }
        long before = imagesEmbedded();
        RestResponse bulk = client.postNdjson("/_bulk?refresh=true", ClipIndexes.bulkBody("zs-tagged", docs)).assertOk();
        assertEquals(Map.of(), ClipIndexes.bulkFailures(bulk));
        assertEquals(before + docs.size(), imagesEmbedded(), "each image is encoded once, by clip_embedding");

        String first = docs.keySet().iterator().next();
        Map<String, Object> source = client.get("/zs-tagged/_doc/" + first).assertOk().object("_source");
        RestResponse classified = post("/_plugins/_clip/_classify", Map.of("documents", Map.of("index", "zs-tagged", "ids", List.of(first),
            "field", ClipIndexes.IMAGE_VECTOR), "labels", LABELS, "top_k", 2)).assertOk();
        List<Object> expected = classified.list("results.0.labels");
        assertEquals(expected.stream().map(l -> Json.at(l, "label")).toList(), source.get("tags"));
        String topLabel = (String) Json.at(expected.get(0), "label");
        assertEquals(((Number) Json.at(expected.get(0), "probability")).doubleValue(),
            ((Number) ((Map<?, ?>) source.get("tag_scores")).get(topLabel)).doubleValue(), 1e-6);

        RestResponse facets = post("/zs-tagged/_search", Map.of("size", 0, "aggs", Map.of("tags", Map.of("terms", Map.of("field", "tags")))))
            .assertOk();
        long tagged = facets.list("aggregations.tags.buckets").stream().mapToLong(b -> ((Number) Json.at(b, "doc_count")).longValue()).sum();
        assertEquals(2L * docs.size(), tagged, "two tags per document, as keywords");
        RestResponse filtered = post("/zs-tagged/_search", Map.of("query", Map.of("term", Map.of("tags", topLabel)),
            "sort", List.of(Map.of("tag_scores." + topLabel, Map.of("order", "desc", "unmapped_type", "float"))))).assertOk();
        assertTrue(ClipIndexes.hitIds(filtered).contains(first), filtered.toString());
    }

    @Test
    void clipClassifyOnAnImageFieldEmbedsItAndFailsDocumentsForAMissingSet() {
        RestClient client = cluster.client();
        client.put("/_ingest/pipeline/zs-direct", Map.of("processors", List.of(
            Map.of("clip_classify", Map.of("field", "image", "target_field", "tags", "labels", LABELS, "ignore_missing", true))))).assertOk();
        SampleImages.Image cat = SampleImages.named("cat.jpg");
        RestResponse simulated = post("/_ingest/pipeline/zs-direct/_simulate", Map.of("docs", List.of(
            Map.of("_source", Map.of("image", cat.base64())), Map.of("_source", Map.of("other", 1))))).assertOk();
        assertEquals(3, simulated.list("docs.0.doc._source.tags").size(), "top_k defaults to 3: " + simulated);
        assertFalse(simulated.has("docs.1.doc._source.tags"), "ignore_missing passes the document unchanged");

        client.put("/_ingest/pipeline/zs-missing-set", Map.of("processors", List.of(
            Map.of("clip_classify", Map.of("field", "image", "target_field", "tags", "label_set", "never-stored"))))).assertOk();
        RestResponse failed = post("/_ingest/pipeline/zs-missing-set/_simulate", Map.of("docs", List.of(
            Map.of("_source", Map.of("image", cat.base64()))))).assertOk();
        assertTrue(failed.string("docs.0.error.reason").contains("label set [never-stored] does not exist"), failed.toString());
    }

    @Test
    void clipClassifyWithIgnoreFailurePassesAnUndecodableImageWithoutTags() {
        cluster.client().put("/_ingest/pipeline/zs-lenient", Map.of("processors", List.of(
            Map.of("clip_classify", Map.of("field", "image", "target_field", "tags", "labels", LABELS, "ignore_failure", true))))).assertOk();
        RestResponse simulated = post("/_ingest/pipeline/zs-lenient/_simulate", Map.of("docs", List.of(
            Map.of("_source", Map.of("image", "bm90IGFuIGltYWdl")),
            Map.of("_source", Map.of("image", SampleImages.named("cat.jpg").base64()))))).assertOk();

        assertFalse(simulated.has("docs.0.error"), simulated.toString());
        assertEquals("bm90IGFuIGltYWdl", simulated.string("docs.0.doc._source.image"), "the document passes as it came");
        assertFalse(simulated.has("docs.0.doc._source.tags"), simulated.toString());
        assertEquals(3, simulated.list("docs.1.doc._source.tags").size(), "the other document is tagged: " + simulated);
    }

    @Test
    void aWrongClipClassifyConfigurationIsRefusedNamingTheOption() {
        RestClient client = cluster.client();
        assertError(400, "[target_field] required property is missing", client.put("/_ingest/pipeline/zs-bad", Map.of("processors",
            List.of(Map.of("clip_classify", Map.of("field", "image", "labels", LABELS))))));
        assertError(400, "[labels] give either [labels]", client.put("/_ingest/pipeline/zs-bad", Map.of("processors",
            List.of(Map.of("clip_classify", Map.of("field", "image", "target_field", "tags"))))));
        assertError(400, "[top_k] must be at least 1", client.put("/_ingest/pipeline/zs-bad", Map.of("processors",
            List.of(Map.of("clip_classify", Map.of("field", "image", "target_field", "tags", "labels", LABELS, "top_k", 0))))));
        assertError(400, "[colour]", client.put("/_ingest/pipeline/zs-bad", Map.of("processors",
            List.of(Map.of("clip_classify", Map.of("field", "image", "target_field", "tags", "labels", LABELS, "colour", 1))))));
        assertEquals(404, client.get("/_ingest/pipeline/zs-bad").status(), "nothing is stored");
    }

    // ---- query_document and negative_text

    private static List<Hit> search(Map<String, Object> clip, int size) {
        return Hit.of(post("/" + INDEX + "/_search", Map.of("size", size, "_source", List.of("file"),
            "query", Map.of("clip", Map.of(ClipIndexes.IMAGE_VECTOR, clip)))));
    }

    @Test
    void aQueryDocumentSearchesWithItsStoredVectorAndLeavesItselfOut() {
        SampleImages.Image cat = SampleImages.named("cat.jpg");
        String id = ClipIndexes.id(cat, false);
        List<Hit> byImage = search(Map.of("query_image", cat.base64(), "k", 6), 6);
        List<Hit> moreLikeThis = search(Map.of("query_document", Map.of("index", INDEX, "id", id), "k", 5), 10);
        List<Hit> withItself = search(Map.of("query_document", Map.of("index", INDEX, "id", id, "exclude", false), "k", 6), 6);

        assertEquals(5, moreLikeThis.size(), "k hits without the document itself");
        assertFalse(Hit.ids(moreLikeThis).contains(id), moreLikeThis.toString());
        List<Hit> expected = byImage.stream().filter(h -> !h.id().equals(id)).limit(5).toList();
        for (int i = 0; i < 5; i++) {
            assertEquals(expected.get(i).score(), moreLikeThis.get(i).score(), 1e-5, "hit " + i);
        }
        assertTrue(Hit.ids(withItself).contains(id));
        assertEquals(1.0, withItself.get(0).score(), 1e-4, "the document itself at cosine 1");
    }

    @Test
    void aQueryDocumentWithAFilterKeepsToTheFilterAndLeavesItselfOutWithEveryMethod() {
        String id = ClipIndexes.id(SampleImages.named("cat.jpg"), false);
        int otherBase64Documents = SampleImages.decodable().size() - 1;
        for (String method : List.of("hnsw", "exact")) {
            List<Hit> hits = search(Map.of("query_document", Map.of("index", INDEX, "id", id), "k", 100, "method", method,
                "filter", Map.of("term", Map.of("encoding", "base64"))), 100);

            assertEquals(otherBase64Documents, hits.size(), method + ": every other base64 document: " + hits);
            assertFalse(Hit.ids(hits).contains(id), method + ": not the document itself: " + hits);
            assertTrue(hits.stream().allMatch(h -> h.id().endsWith("-base64")), method + ": the filter applies: " + hits);
        }
    }

    @Test
    void aQueryDocumentInsideBoolShouldNextToAMatchStaysExcludedWhileTheMatchAddsItsHits() {
        String id = ClipIndexes.id(SampleImages.named("cat.jpg"), false);
        Map<String, Object> clip = Map.of("query_document", Map.of("index", INDEX, "id", id), "k", 3,
            "filter", Map.of("term", Map.of("encoding", "base64")));
        List<String> clipAlone = Hit.ids(search(clip, 3));
        RestResponse response = post("/" + INDEX + "/_search", Map.of("size", 100, "_source", List.of("file"), "query",
            Map.of("bool", Map.of("should", List.of(
                Map.of("clip", Map.of(ClipIndexes.IMAGE_VECTOR, clip)),
                Map.of("match", Map.of("caption", Map.of("query", "a cup of coffee on a saucer", "operator", "and"))))))));
        List<String> ids = Hit.ids(Hit.of(response));

        assertFalse(ids.contains(id), "the document itself stays out: " + ids);
        assertTrue(ids.containsAll(clipAlone), "the clip clause's hits: " + clipAlone + " in " + ids);
        SampleImages.Image coffee = SampleImages.named("coffee.jpg");
        assertTrue(ids.contains(ClipIndexes.id(coffee, false)) && ids.contains(ClipIndexes.id(coffee, true)),
            "the match clause's hits, of either encoding (the clip filter is the clip clause's own): " + ids);
    }

    @Test
    void negativeTextSubtractsItsWeightedMeanFromTheQuery() {
        String doc = ClipIndexes.id(SampleImages.named("coffee.jpg"), false);
        float[] positive = textVector("a red heart");
        float[] minusA = textVector("pizza");
        float[] minusB = textVector("a star");
        float[] q = Vectors.normalisedWeightedSum(new double[] {1, -0.4, -0.4}, positive, minusA, minusB);
        List<Hit> hits = search(Map.of("query_text", "a red heart", "negative_text", List.of("pizza", "a star"), "negative_weight", 0.8,
            "k", 100, "filter", Map.of("ids", Map.of("values", List.of(doc)))), 1);
        assertEquals(doc, hits.get(0).id());
        assertEquals((1 + Vectors.dot(q, storedVector(doc))) / 2, hits.get(0).score(), 1e-4, "cosinesimil score of the arithmetic vector");
    }

    @Test
    void severalQueryTextsAreAveraged() {
        String doc = ClipIndexes.id(SampleImages.named("coffee.jpg"), false);
        float[] a = textVector("pizza");
        float[] b = textVector("red heart");
        float[] q = Vectors.normalisedSum(a, b);
        List<Hit> hits = search(Map.of("query_text", List.of("pizza", "red heart"), "k", 100,
            "filter", Map.of("ids", Map.of("values", List.of(doc)))), 1);
        assertEquals((1 + Vectors.dot(q, storedVector(doc))) / 2, hits.get(0).score(), 1e-4, "the normalised mean of the texts");
    }

    @Test
    void wrongQueryDocumentsAndNegativeTextsAreRefusedPrecisely() {
        RestResponse alone = post("/" + INDEX + "/_search", Map.of("query", Map.of("clip", Map.of(ClipIndexes.IMAGE_VECTOR,
            Map.of("negative_text", "pizza")))));
        assertEquals(400, alone.status(), alone.toString());
        assertTrue(alone.body().contains("negative_text needs something to subtract from"), alone.toString());
        RestResponse missing = post("/" + INDEX + "/_search", Map.of("query", Map.of("clip", Map.of(ClipIndexes.IMAGE_VECTOR,
            Map.of("query_document", Map.of("index", INDEX, "id", "no-such-doc"))))));
        assertEquals(404, missing.status(), missing.toString());
        assertTrue(missing.body().contains("[clip] query_document [" + INDEX + "][no-such-doc] does not exist"), missing.toString());
        RestResponse notAVector = post("/" + INDEX + "/_search", Map.of("query", Map.of("clip", Map.of(ClipIndexes.IMAGE_VECTOR,
            Map.of("query_document", Map.of("index", INDEX, "id", ClipIndexes.id(SampleImages.named("cat.jpg"), false), "field", "file"))))));
        assertEquals(400, notAVector.status(), notAVector.toString());
        assertTrue(notAVector.body().contains("is not a vector"), notAVector.toString());
    }
}

package org.opensearch.clip.plugin.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opensearch.clip.plugin.testcluster.ClipClusterExtension;
import org.opensearch.clip.plugin.testcluster.ClipIndexes;
import org.opensearch.clip.plugin.testcluster.RestClient;
import org.opensearch.clip.plugin.testcluster.RestResponse;
import org.opensearch.clip.plugin.testcluster.SampleImages;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code clip} query on an index of the sample images (each image twice: base64 and data URI): image and text
 * queries, their combination with weights, and the parts of OpenSearch search that must keep working around it.
 */
class ClipQueryIT {
    @RegisterExtension
    static final ClipClusterExtension cluster = ClipClusterExtension.singleNode();

    static final String INDEX = "gallery";
    static int documents;

    @BeforeAll
    static void indexTheSampleImages() {
        RestClient client = cluster.client();
        ClipIndexes.createImagePipeline(client, "gallery");
        ClipIndexes.createImageIndex(client, INDEX, ClipIndexes.dimension(client), 1, "gallery");
        Map<String, Map<String, Object>> docs = ClipIndexes.sampleDocuments();
        RestResponse bulk = client.postNdjson("/_bulk", ClipIndexes.bulkBody(INDEX, docs)).assertOk();
        assertEquals(Map.of(), ClipIndexes.bulkFailures(bulk));
        // one segment, so that HNSW answers are the same whatever the order of refreshes
        client.post("/" + INDEX + "/_forcemerge?max_num_segments=1", "{}").assertOk();
        client.post("/" + INDEX + "/_refresh", "{}").assertOk();
        documents = docs.size();
    }

    private static Map<String, Object> clip(Map<String, Object> options) {
        return Map.of("clip", Map.of(ClipIndexes.IMAGE_VECTOR, options));
    }

    private static List<Hit> search(Map<String, Object> body) {
        return Hit.of(cluster.client().post("/" + INDEX + "/_search", body));
    }

    private static List<Hit> search(Map<String, Object> clipOptions, int size) {
        return search(Map.of("size", size, "_source", List.of("file", "subject", "format", "encoding"), "query", clip(clipOptions)));
    }

    private static Map<String, Double> scoresById(List<Hit> hits) {
        Map<String, Double> scores = new HashMap<>();
        hits.forEach(h -> scores.put(h.id(), h.score()));
        return scores;
    }

    static Stream<String> sampleFiles() {
        return SampleImages.decodable().stream().map(SampleImages.Image::file);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sampleFiles")
    void anImageQueryFindsThatImageWithTheTopScore(String file) {
        SampleImages.Image image = SampleImages.named(file);

        List<Hit> hits = search(Map.of("query_image", image.base64(), "k", 5), 5);

        double top = hits.get(0).score();
        assertEquals(1.0, top, 1e-4, "an identical image scores 1 (cosine 1): " + hits);
        List<String> best = hits.stream().filter(h -> h.score() == top).map(Hit::id).toList();
        assertTrue(best.containsAll(List.of(ClipIndexes.id(image, false), ClipIndexes.id(image, true))),
            file + " must be among the best hits " + best + " of " + hits);
    }

    @Test
    void aDataUriQueryImageWorksLikeBase64() {
        SampleImages.Image image = SampleImages.named("ihc.webp");
        List<Hit> base64 = search(Map.of("query_image", image.base64(), "k", 6), 6);
        List<Hit> dataUri = search(Map.of("query_image", image.dataUri(), "k", 6), 6);
        assertEquals(base64, dataUri);
    }

    @Test
    void aTextQueryReturnsExactlyKHitsInDescendingScoreOrder() {
        for (int k : List.of(1, 3, 7)) {
            RestResponse response = cluster.client().post("/" + INDEX + "/_search",
                Map.of("size", 20, "query", clip(Map.of("query_text", "a photo of a tabby cat", "k", k)))).assertOk();
            List<Hit> hits = Hit.of(response);
            assertEquals(k, hits.size(), "k=" + k + ": " + hits);
            assertEquals(k, response.number("hits.total.value"));
            for (int i = 1; i < hits.size(); i++) {
                assertTrue(hits.get(i - 1).score() >= hits.get(i).score(), "descending scores: " + hits);
            }
        }
    }

    @Test
    void aTextQueryOnTheCaptionVectorFindsTheDocumentsWithThatCaptionFirst() {
        String caption = SampleImages.named("coffee.jpg").caption();
        long withCaption = SampleImages.decodable().stream().filter(i -> i.caption().equals(caption)).count() * 2;

        List<Hit> hits = search(Map.of("size", 10, "_source", List.of("caption"),
            "query", Map.of("clip", Map.of(ClipIndexes.CAPTION_VECTOR, Map.of("query_text", caption, "k", 10)))));

        for (int i = 0; i < withCaption; i++) {
            assertEquals(caption, hits.get(i).field("caption"), "hit " + i + " of " + hits);
            assertEquals(1.0, hits.get(i).score(), 1e-4);
        }
        assertTrue(hits.get((int) withCaption).score() < hits.get(0).score());
    }

    @Test
    void sizeSmallerThanKCutsTheHitsButNotTheTotal() {
        RestResponse response = cluster.client().post("/" + INDEX + "/_search",
            Map.of("size", 2, "query", clip(Map.of("query_text", "galaxies in deep space", "k", 6)))).assertOk();
        assertEquals(2, Hit.of(response).size());
        assertEquals(6, response.number("hits.total.value"));
    }

    @Test
    void aZeroTextWeightMakesTheQueryTheImageAlone() {
        String image = SampleImages.named("astronaut.jpg").base64();
        List<Hit> imageOnly = search(Map.of("query_image", image, "k", 8), 8);
        List<Hit> weighted = search(Map.of("query_text", "ancient coins", "query_image", image, "text_weight", 0.0,
            "image_weight", 1.0, "k", 8), 8);
        assertSameRanking(imageOnly, weighted);
    }

    @Test
    void aZeroImageWeightMakesTheQueryTheTextAlone() {
        List<Hit> textOnly = search(Map.of("query_text", "ancient coins", "k", 8), 8);
        List<Hit> weighted = search(Map.of("query_text", "ancient coins", "query_image", SampleImages.named("cat.jpg").base64(),
            "text_weight", 1.0, "image_weight", 0.0, "k", 8), 8);
        assertSameRanking(textOnly, weighted);
    }

    private static void assertSameRanking(List<Hit> expected, List<Hit> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).score(), actual.get(i).score(), 1e-5, "score of hit " + i);
            assertEquals(expected.get(i).field("file"), actual.get(i).field("file"), "hit " + i);
        }
    }

    @Test
    void textAndImageTogetherSearchWithTheNormalisedWeightedSumOfBothEmbeddings() {
        String text = "a rocket launching into the sky";
        String image = SampleImages.named("camera-grey.jpg").base64();
        double textWeight = 3.0;
        double imageWeight = 1.0;
        Map<String, Double> textScores = scoresById(search(Map.of("query_text", text, "k", documents), documents));
        Map<String, Double> imageScores = scoresById(search(Map.of("query_image", image, "k", documents), documents));
        List<Hit> both = search(Map.of("query_text", text, "query_image", image, "text_weight", textWeight,
            "image_weight", imageWeight, "k", documents), documents);
        assertEquals(documents, both.size(), "k covers the whole index");
        assertEquals(textScores.keySet(), imageScores.keySet());

        // cosine similarity of Lucene's cosinesimil space: score = (1 + cos) / 2. For q = (a t + b i) / |a t + b i|,
        // cos(q, d) * |a t + b i| = a cos(t, d) + b cos(i, d) for every document d.
        List<double[]> pairs = new ArrayList<>();
        for (Hit hit : both) {
            double expected = textWeight * (2 * textScores.get(hit.id()) - 1) + imageWeight * (2 * imageScores.get(hit.id()) - 1);
            pairs.add(new double[] { 2 * hit.score() - 1, expected });
        }
        double num = 0;
        double den = 0;
        for (double[] p : pairs) {
            num += p[0] * p[1];
            den += p[0] * p[0];
        }
        double length = num / den;
        assertTrue(length > 0 && length <= textWeight + imageWeight + 1e-6, "|a t + b i| = " + length);
        for (int i = 0; i < pairs.size(); i++) {
            assertEquals(pairs.get(i)[1], length * pairs.get(i)[0], 2e-3, "document " + both.get(i).id());
        }
    }

    @Test
    void aFilterKeepsOnlyMatchingDocumentsAndStillFillsK() {
        Map<String, Object> filter = Map.of("term", Map.of("format", "png"));
        long pngs = cluster.client().post("/" + INDEX + "/_count", Map.of("query", filter)).assertOk().number("count");
        assertTrue(pngs > 4, "the sample has more than 4 PNG documents");

        List<Hit> four = search(Map.of("query_text", "a photo of a tabby cat", "k", 4, "filter", filter), 20);
        List<Hit> all = search(Map.of("query_text", "a photo of a tabby cat", "k", 20, "filter", filter), 20);

        assertEquals(4, four.size(), "k png documents: " + four);
        assertEquals(pngs, all.size(), "every png document when k exceeds them: " + all);
        Stream.concat(four.stream(), all.stream()).forEach(h -> assertEquals("png", h.field("format"), h.toString()));
        assertEquals(Hit.ids(all).subList(0, 4), Hit.ids(four));
    }

    @Test
    void efSearchIsPassedToHnswAndKeepsTheExactAnswerOnASmallIndex() {
        List<Hit> plain = search(Map.of("query_text", "an astronaut in a spacesuit", "k", 5), 5);
        List<Hit> wide = search(Map.of("query_text", "an astronaut in a spacesuit", "k", 5,
            "method_parameters", Map.of("ef_search", 200)), 5);
        assertSameRanking(plain, wide);

        RestResponse wrong = cluster.client().post("/" + INDEX + "/_search", Map.of("query",
            clip(Map.of("query_text", "x", "method_parameters", Map.of("ef_search", "many")))));
        assertEquals(400, wrong.status(), wrong.toString());
    }

    @Test
    void insideABoolQueryFiltersAndMustNotApplyToTheNearestNeighbours() {
        Map<String, Object> clipQuery = clip(Map.of("query_text", "a cup of coffee on a saucer", "k", documents));
        List<Hit> plain = search(Map.of("size", documents, "_source", List.of("subject", "encoding"), "query", clipQuery));
        Map<String, Object> bool = Map.of("bool", Map.of(
            "must", List.of(clipQuery),
            "filter", List.of(Map.of("term", Map.of("encoding", "base64"))),
            "must_not", List.of(Map.of("term", Map.of("subject", "coffee")))
        ));

        List<Hit> hits = search(Map.of("size", documents, "_source", List.of("subject", "encoding"), "query", bool));

        List<String> expected = plain.stream()
            .filter(h -> h.field("encoding").equals("base64") && !h.field("subject").equals("coffee")).map(Hit::id).toList();
        assertEquals(expected, Hit.ids(hits));
        assertTrue(hits.size() > 0 && hits.size() < plain.size());
    }

    @Test
    void fromAndSizePageThroughTheNearestNeighbours() {
        Map<String, Object> query = clip(Map.of("query_text", "galaxies in deep space", "k", 10));
        List<String> all = Hit.ids(search(Map.of("size", 10, "query", query)));
        List<String> page = Hit.ids(search(Map.of("from", 3, "size", 4, "query", query)));
        assertEquals(all.subList(3, 7), page);
    }

    @Test
    void sourceFilteringReturnsOnlyTheAskedFields() {
        List<Hit> included = search(Map.of("_source", List.of("file", "caption"),
            "query", clip(Map.of("query_text", "ancient coins", "k", 3))));
        included.forEach(h -> assertEquals(Set.of("file", "caption"), h.source().keySet()));

        List<Hit> excluded = search(Map.of("_source", Map.of("excludes", List.of("image", "*_vector")),
            "query", clip(Map.of("query_text", "ancient coins", "k", 3))));
        excluded.forEach(h -> assertEquals(Set.of("file", "subject", "format", "encoding", "caption"), h.source().keySet()));
    }

    @Test
    @SuppressWarnings("unchecked")
    void anAggregationCountsTheNearestNeighbours() {
        RestResponse response = cluster.client().post("/" + INDEX + "/_search", Map.of(
            "size", 0,
            "query", clip(Map.of("query_text", "stained tissue under a microscope", "k", 7)),
            "aggs", Map.of("formats", Map.of("terms", Map.of("field", "format")))
        )).assertOk();

        long counted = 0;
        for (Object bucket : response.list("aggregations.formats.buckets")) {
            counted += ((Number) ((Map<String, Object>) bucket).get("doc_count")).longValue();
        }
        assertEquals(7, counted, response.toString());
        assertEquals(7, response.number("hits.total.value"));
    }

    @Test
    void boostScalesTheScoresAndTheQueryNameIsReported() {
        List<Hit> plain = search(Map.of("query_text", "ancient coins", "k", 3), 3);
        RestResponse boosted = cluster.client().post("/" + INDEX + "/_search", Map.of("size", 3,
            "query", clip(Map.of("query_text", "ancient coins", "k", 3, "boost", 2.0, "_name", "clip-coins")))).assertOk();
        List<Hit> hits = Hit.of(boosted);
        for (int i = 0; i < plain.size(); i++) {
            assertEquals(2 * plain.get(i).score(), hits.get(i).score(), 1e-5);
        }
        assertEquals(List.of("clip-coins"), boosted.list("hits.hits.0.matched_queries"));
    }

    @Test
    void theSameQueryGivesTheSameAnswer() {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("query_text", "a man with a camera on a tripod");
        options.put("k", 6);
        assertEquals(search(options, 6), search(options, 6));
    }
}

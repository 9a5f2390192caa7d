package org.opensearch.clip.plugin.query;

import org.junit.jupiter.api.Test;
import org.opensearch.clip.encoder.ivf.Centroids;
import org.opensearch.clip.encoder.ivf.SpaceType;
import org.opensearch.clip.plugin.ivf.IvfModel;
import org.opensearch.clip.plugin.ivf.IvfModelRef;
import org.opensearch.clip.plugin.ivf.StoredModels;
import org.opensearch.common.io.stream.BytesStreamOutput;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.common.ParsingException;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.core.xcontent.DeprecationHandler;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.core.xcontent.ToXContent;
import org.opensearch.core.xcontent.XContentParser;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The search-method options of the clip query: defaults, validation, and the shard query they become. */
class ClipQueryMethodsTest {
    private static final ClipQueryBuilder.Services NO_SERVICES = new ClipQueryBuilder.Services(() -> null, () -> null);

    private static XContentParser parser(String json) throws IOException {
        XContentParser parser = JsonXContent.jsonXContent.createParser(NamedXContentRegistry.EMPTY, DeprecationHandler.IGNORE_DEPRECATIONS,
            json);
        parser.nextToken();
        return parser;
    }

    private static ClipQueryBuilder parse(String options) throws IOException {
        return ClipQueryBuilder.fromXContent(parser("{\"v\": {" + options + "}}"), NO_SERVICES);
    }

    private static String problem(String options) {
        return assertThrows(ParsingException.class, () -> parse(options)).getMessage();
    }

    @Test
    void theMethodFollowsTheOptions() throws IOException {
        assertEquals(SearchMethod.HNSW, parse("\"query_text\": \"cat\"").method());
        assertEquals(10, parse("\"query_text\": \"cat\"").k());
        assertEquals(SearchMethod.IVF, parse("\"query_vector\": [1, 0], \"ivf_model\": \"pets\"").method());
        assertEquals(SearchMethod.EXACT, parse("\"query_vector\": [1, 0], \"method\": \"exact\"").method());
        assertNull(parse("\"query_text\": \"cat\", \"min_score\": 0.9").k(), "a radial search has no k");
        assertEquals(SearchMethod.HNSW, parse("\"query_text\": \"cat\", \"method\": \"hnsw\", \"method_parameters\": {\"nprobes\": 8}")
            .method(), "a faiss IVF field gets nprobes through the knn query");
    }

    @Test
    void wrongCombinationsAreRefused() {
        assertTrue(problem("\"query_vector\": [1], \"query_text\": \"cat\"").contains("query_vector cannot be combined with query_text"));
        assertTrue(problem("\"k\": 3").contains("needs query_text, query_image or both, or query_vector"));
        assertTrue(problem("\"query_text\": \"cat\", \"k\": 3, \"max_distance\": 0.5").contains("give one of k, min_score and max_distance"));
        assertTrue(problem("\"query_text\": \"cat\", \"min_score\": -1").contains("min_score must not be negative"));
        assertTrue(problem("\"query_text\": \"cat\", \"method\": \"ivf\"").contains("method [ivf] needs ivf_model"));
        assertTrue(problem("\"query_text\": \"cat\", \"method\": \"hnsw\", \"ivf_model\": \"pets\"").contains("ivf_model needs method [ivf]"));
        assertTrue(problem("\"query_text\": \"cat\", \"method\": \"exact\", \"method_parameters\": {\"ef_search\": 9}")
            .contains("method [exact] takes no method_parameters"));
        assertTrue(problem("\"query_text\": \"cat\", \"ivf_model\": \"pets\", \"method_parameters\": {\"nprobes\": 0}")
            .contains("nprobes must be a positive integer, got [0]"));
        assertTrue(problem("\"query_text\": \"cat\", \"ivf_model\": \"Pets\"").contains("IVF model name [Pets] must be"));
        assertTrue(problem("\"query_text\": \"cat\", \"method\": \"flat\"").contains("method [flat] must be one of [hnsw, ivf, exact]"));
        assertTrue(problem("\"query_vector\": []").contains("must not be empty"));
        assertTrue(problem("\"query_vector\": [1, \"x\"]").contains("must be an array of numbers"));
    }

    @Test
    void theNewOptionsTravelBetweenNodes() throws IOException {
        ClipQueryBuilder query = parse("\"query_vector\": [0.5, 0.5], \"max_distance\": 0.3, \"ivf_model\": \"pets:2\", "
            + "\"method_parameters\": {\"nprobes\": 4}");
        BytesStreamOutput out = new BytesStreamOutput();
        query.writeTo(out);
        assertEquals(query, new ClipQueryBuilder(out.bytes().streamInput(), NO_SERVICES));
    }

    @Test
    void ivfProbesTheNearestListsOfTheModel() {
        IvfModel model = IvfModel.trained("pets", new Centroids(SpaceType.COSINE, new float[][] {{1, 0}, {0, 1}, {-1, 0}}), null, Map.of());
        IvfCandidates candidates = IvfCandidates.probe(uploaded(model), new float[] {0.9f, 0.2f}, 2);
        assertArrayEquals(new int[] {0, 1}, candidates.lists());
        assertEquals(List.of("pets:1:0", "pets:1:1"), candidates.listValues());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IvfCandidates.probe(uploaded(model),
            new float[] {1, 0, 0}, 2));
        assertEquals("IVF model [pets:1] has dimension 2, the query vector has 3", e.getMessage());
    }

    private static IvfModel uploaded(IvfModel model) {
        return StoredModels.stored(model, 1);
    }

    @Test
    void theShardQueryRoundTripsThroughJsonAndTheWire() throws IOException {
        ExactKnnQueryBuilder query = new ExactKnnQueryBuilder("v", new float[] {0.25f, -1f}, 5, null, null, null,
            new IvfCandidates(IvfModelRef.of("pets", 2), SpaceType.L2, 2, new int[] {3, 1})).boost(2f).queryName("n");
        BytesReference json = BytesReference.bytes(query.toXContent(JsonXContent.contentBuilder(), ToXContent.EMPTY_PARAMS));
        XContentParser parser = parser(json.utf8ToString());
        parser.nextToken();
        parser.nextToken();
        assertEquals(query, ExactKnnQueryBuilder.fromXContent(parser));
        BytesStreamOutput out = new BytesStreamOutput();
        query.writeTo(out);
        assertEquals(query, new ExactKnnQueryBuilder(out.bytes().streamInput()));
        assertThrows(IllegalArgumentException.class, () -> new ExactKnnQueryBuilder("v", new float[] {1}, 5, 0.5f, null, null, null));
    }
}

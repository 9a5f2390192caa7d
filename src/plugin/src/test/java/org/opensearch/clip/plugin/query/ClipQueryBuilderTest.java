package org.opensearch.clip.plugin.query;

import org.junit.jupiter.api.Test;
import org.opensearch.clip.plugin.ClipPlugin;
import org.opensearch.common.io.stream.BytesStreamOutput;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.core.common.ParsingException;
import org.opensearch.core.common.Strings;
import org.opensearch.core.common.bytes.BytesArray;
import org.opensearch.core.common.io.stream.NamedWriteableAwareStreamInput;
import org.opensearch.core.common.io.stream.NamedWriteableRegistry;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.xcontent.DeprecationHandler;
import org.opensearch.core.xcontent.MediaTypeRegistry;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.index.query.AbstractQueryBuilder;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.search.SearchModule;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The {@code clip} query as a search request spells it and as nodes send it to each other: parsed through the
 * node's query registry (so {@code filter} takes any registered query), written and read back, printed and
 * parsed again; every mistake refused with a message naming the field and the problem.
 */
class ClipQueryBuilderTest {
    private static final SearchModule SEARCH = new SearchModule(Settings.EMPTY, List.of(new ClipPlugin()));
    private static final NamedXContentRegistry XCONTENT = new NamedXContentRegistry(SEARCH.getNamedXContents());
    private static final NamedWriteableRegistry WRITEABLES = new NamedWriteableRegistry(SEARCH.getNamedWriteables());

    private static final String FULL = """
        {"clip": {"photo_vector": {
          "query_text": "a red car",
          "query_image": "iVBORw0KGgo=",
          "text_weight": 0.25,
          "image_weight": 0.75,
          "k": 25,
          "filter": {"term": {"colour": {"value": "red", "boost": 1.0}}},
          "method": "hnsw",
          "method_parameters": {"ef_search": 200},
          "model": "other-model",
          "boost": 2.0,
          "_name": "visual"
        }}}""";

    private static QueryBuilder parse(String json) throws IOException {
        try (XContentParser parser = XContentType.JSON.xContent().createParser(XCONTENT, DeprecationHandler.THROW_UNSUPPORTED_OPERATION, json)) {
            return AbstractQueryBuilder.parseInnerQueryBuilder(parser);
        }
    }

    private static ClipQueryBuilder parseClip(String json) throws IOException {
        return assertInstanceOf(ClipQueryBuilder.class, parse(json));
    }

    private static Map<String, Object> asMap(String json) {
        return XContentHelper.convertToMap(new BytesArray(json), false, MediaTypeRegistry.JSON).v2();
    }

    private static QueryBuilder streamRoundTrip(QueryBuilder query) throws IOException {
        try (BytesStreamOutput out = new BytesStreamOutput()) {
            out.writeNamedWriteable(query);
            try (StreamInput in = new NamedWriteableAwareStreamInput(out.bytes().streamInput(), WRITEABLES)) {
                return in.readNamedWriteable(QueryBuilder.class);
            }
        }
    }

    private static void assertRefused(String expectedMessage, String json) {
        ParsingException e = assertThrows(ParsingException.class, () -> parse(json));
        assertEquals(expectedMessage, e.getMessage());
    }

    @Test
    void everyOptionIsParsedAndPrintedBack() throws IOException {
        ClipQueryBuilder query = parseClip(FULL);
        assertEquals("photo_vector", query.fieldName());
        assertEquals(25, query.k());
        assertEquals(2.0f, query.boost());
        assertEquals("visual", query.queryName());
        assertNull(query.vector(), "nothing is embedded while parsing");
        assertEquals(asMap(FULL), asMap(Strings.toString(MediaTypeRegistry.JSON, query)));
    }

    @Test
    void onlyATextTakesTheDefaults() throws IOException {
        ClipQueryBuilder query = parseClip("{\"clip\": {\"v\": {\"query_text\": \"cats\"}}}");
        assertEquals(ClipQueryBuilder.DEFAULT_K, query.k());
        assertEquals(10, query.k());
        assertEquals(AbstractQueryBuilder.DEFAULT_BOOST, query.boost());
        assertEquals(
            asMap("{\"clip\": {\"v\": {\"query_text\": \"cats\", \"text_weight\": 1.0, \"image_weight\": 1.0, \"k\": 10, \"method\": \"hnsw\", "
                + "\"boost\": 1.0}}}"),
            asMap(Strings.toString(MediaTypeRegistry.JSON, query))
        );
    }

    @Test
    void onlyAnImageIsEnough() throws IOException {
        assertEquals("v", parseClip("{\"clip\": {\"v\": {\"query_image\": \"iVBORw0KGgo=\", \"k\": 3}}}").fieldName());
    }

    @Test
    void theSameJsonGivesEqualQueriesAndAnyDifferenceMatters() throws IOException {
        ClipQueryBuilder query = parseClip(FULL);
        assertEquals(query, parseClip(FULL));
        assertEquals(query.hashCode(), parseClip(FULL).hashCode());
        for (String[] change : new String[][] {
            { "\"k\": 25", "\"k\": 26" },
            { "a red car", "a blue car" },
            { "iVBORw0KGgo=", "R0lGODlh" },
            { "\"text_weight\": 0.25", "\"text_weight\": 0.5" },
            { "\"image_weight\": 0.75", "\"image_weight\": 0.5" },
            { "\"red\"", "\"blue\"" },
            { "200", "100" },
            { "other-model", "default-model" },
            { "photo_vector", "thumb_vector" },
            { "\"boost\": 2.0", "\"boost\": 3.0" },
            { "visual", "textual" } }) {
            assertNotEquals(query, parseClip(FULL.replace(change[0], change[1])), change[0] + " -> " + change[1]);
        }
    }

    @Test
    void aStreamRoundTripGivesAnEqualQuery() throws IOException {
        for (String json : List.of(FULL, "{\"clip\": {\"v\": {\"query_text\": \"cats\"}}}", "{\"clip\": {\"v\": {\"query_image\": \"AAAA\"}}}")) {
            QueryBuilder query = parse(json);
            QueryBuilder read = streamRoundTrip(query);
            assertEquals(query, read, json);
            assertEquals(query.hashCode(), read.hashCode(), json);
        }
    }

    @Test
    void printedJsonParsesBackToAnEqualQuery() throws IOException {
        for (String json : List.of(FULL, "{\"clip\": {\"v\": {\"query_text\": \"cats\"}}}", "{\"clip\": {\"v\": {\"query_image\": \"AAAA\"}}}")) {
            QueryBuilder query = parse(json);
            QueryBuilder reparsed = parse(Strings.toString(MediaTypeRegistry.JSON, query));
            assertEquals(query, reparsed, json);
        }
    }

    @Test
    void aClipQueryCanBeNestedInABoolQuery() throws IOException {
        QueryBuilder bool = parse("{\"bool\": {\"should\": [{\"clip\": {\"v\": {\"query_text\": \"cats\"}}}], \"filter\": [{\"term\": {\"a\": 1}}]}}");
        assertEquals(bool, streamRoundTrip(bool));
        assertEquals(bool, parse(Strings.toString(MediaTypeRegistry.JSON, bool)));
    }

    @Test
    void neitherTextNorImageIsRefused() {
        assertRefused("[clip] on field [v]: needs query_text, query_image or both, or query_vector", "{\"clip\": {\"v\": {\"k\": 5}}}");
    }

    @Test
    void emptyTextOrImageIsRefused() {
        assertRefused("[clip] on field [v]: query_text must not be empty", "{\"clip\": {\"v\": {\"query_text\": \"  \"}}}");
        assertRefused("[clip] on field [v]: query_image must not be empty", "{\"clip\": {\"v\": {\"query_image\": \"\"}}}");
    }

    @Test
    void kMustBeBetweenOneAndTenThousand() {
        assertRefused("[clip] on field [v]: k must be between 1 and 10000, got 0", "{\"clip\": {\"v\": {\"query_text\": \"cats\", \"k\": 0}}}");
        assertRefused("[clip] on field [v]: k must be between 1 and 10000, got -3", "{\"clip\": {\"v\": {\"query_text\": \"cats\", \"k\": -3}}}");
        assertRefused(
            "[clip] on field [v]: k must be between 1 and 10000, got 10001",
            "{\"clip\": {\"v\": {\"query_text\": \"cats\", \"k\": 10001}}}"
        );
    }

    @Test
    void weightsMustNotBeNegativeNorBothZero() {
        assertRefused(
            "[clip] on field [v]: text_weight and image_weight must not be negative",
            "{\"clip\": {\"v\": {\"query_text\": \"cats\", \"text_weight\": -1}}}"
        );
        assertRefused(
            "[clip] on field [v]: text_weight and image_weight must not both be 0",
            "{\"clip\": {\"v\": {\"query_text\": \"cats\", \"query_image\": \"AAAA\", \"text_weight\": 0, \"image_weight\": 0}}}"
        );
    }

    @Test
    void anUnknownOptionIsRefusedListingTheOptions() {
        assertRefused(
            "[clip] does not support [vector]; it takes query_text, query_image, query_vector, text_weight, image_weight, k, "
                + "min_score, max_distance, filter, method, method_parameters, ivf_model, model, boost, _name",
            "{\"clip\": {\"v\": {\"query_text\": \"cats\", \"vector\": [1, 2]}}}"
        );
    }

    @Test
    void twoVectorFieldsAreRefused() {
        assertRefused(
            "[clip] searches one field, found [a] and [b]",
            "{\"clip\": {\"a\": {\"query_text\": \"cats\"}, \"b\": {\"query_text\": \"dogs\"}}}"
        );
    }

    @Test
    void noVectorFieldIsRefused() {
        assertRefused("[clip] needs a vector field: {\"<vector field>\": {...}}", "{\"clip\": {}}");
    }

    @Test
    void aFieldWithoutOptionsObjectIsRefused() {
        assertRefused("[clip] expects {\"<vector field>\": {...}}, found [v] = VALUE_STRING", "{\"clip\": {\"v\": \"cats\"}}");
    }

    @Test
    void optionsOfTheWrongTypeAreRefusedNamingTheOption() {
        assertRefused("[clip] [k] must be an integer, got [ten]", "{\"clip\": {\"v\": {\"query_text\": \"cats\", \"k\": \"ten\"}}}");
        assertRefused("[clip] [k] must be an integer, got [2.5]", "{\"clip\": {\"v\": {\"query_text\": \"cats\", \"k\": 2.5}}}");
        assertRefused(
            "[clip] [query_text] must be a string, found START_OBJECT",
            "{\"clip\": {\"v\": {\"query_text\": {\"text\": \"cats\"}}}}"
        );
        assertRefused(
            "[clip] [query_image] must be a string, found START_ARRAY",
            "{\"clip\": {\"v\": {\"query_image\": [\"AAAA\", \"BBBB\"]}}}"
        );
        assertRefused("[clip] [query_text] must be a string, found VALUE_NULL", "{\"clip\": {\"v\": {\"query_text\": null}}}");
        assertRefused(
            "[clip] [text_weight] must be a number, got [heavy]",
            "{\"clip\": {\"v\": {\"query_text\": \"cats\", \"text_weight\": \"heavy\"}}}"
        );
        assertRefused(
            "[clip] [method_parameters] must be an object, found VALUE_NUMBER",
            "{\"clip\": {\"v\": {\"query_text\": \"cats\", \"method_parameters\": 5}}}"
        );
        assertRefused(
            "[clip] [filter] must be a query object, found VALUE_STRING",
            "{\"clip\": {\"v\": {\"query_text\": \"cats\", \"filter\": \"colour:red\"}}}"
        );
    }
}

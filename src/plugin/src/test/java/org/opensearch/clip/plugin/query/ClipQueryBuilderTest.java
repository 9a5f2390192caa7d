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
        assertRefused("[clip] on field [v]: needs query_text, query_image or both, or query_vector, or query_document",
            "{\"clip\": {\"v\": {\"k\": 5}}}");
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
            "[clip] does not support [vector]; it takes query_text, query_image, query_document, query_vector, negative_text, "
                + "negative_weight, text_weight, image_weight, k, min_score, max_distance, filter, method, method_parameters, ivf_model, "
                + "model, boost, _name",
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
            "[clip] [query_text] must be a string or an array of strings, found START_OBJECT",
            "{\"clip\": {\"v\": {\"query_text\": {\"text\": \"cats\"}}}}"
        );
        assertRefused(
            "[clip] [query_image] must be a string, found START_ARRAY",
            "{\"clip\": {\"v\": {\"query_image\": [\"AAAA\", \"BBBB\"]}}}"
        );
        assertRefused("[clip] [query_text] must be a string or an array of strings, found VALUE_NULL",
            "{\"clip\": {\"v\": {\"query_text\": null}}}");
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

    private static final String ARITHMETIC = """
        {"clip": {"photo_vector": {
          "query_text": ["a red car", "a red truck"],
          "negative_text": ["rain", "night"],
          "negative_weight": 0.3,
          "text_weight": 0.5,
          "image_weight": 2.0,
          "query_document": {"index": "gallery", "id": "42", "field": "thumb_vector", "exclude": false},
          "k": 5,
          "method": "hnsw",
          "boost": 1.0
        }}}""";

    @Test
    void severalTextsNegativeTextsAndAQueryDocumentAreParsedPrintedAndSent() throws IOException {
        ClipQueryBuilder query = parseClip(ARITHMETIC);
        assertEquals(asMap(ARITHMETIC), asMap(Strings.toString(MediaTypeRegistry.JSON, query)));
        assertEquals(query, streamRoundTrip(query));
        assertEquals(query.hashCode(), streamRoundTrip(query).hashCode());
        assertEquals(query, parse(Strings.toString(MediaTypeRegistry.JSON, query)));
        for (String[] change : new String[][] {
            { "\"rain\"", "\"snow\"" },
            { "0.3", "0.4" },
            { "\"a red truck\"", "\"a blue truck\"" },
            { "\"42\"", "\"43\"" },
            { "\"exclude\": false", "\"exclude\": true" },
            { "thumb_vector", "photo_vector" } }) {
            assertNotEquals(query, parseClip(ARITHMETIC.replace(change[0], change[1])), change[0] + " -> " + change[1]);
        }
    }

    @Test
    void aQueryDocumentExcludesItselfAndOneNegativeTextWeighsOneHalfUnlessSaid() throws IOException {
        ClipQueryBuilder query = parseClip("{\"clip\": {\"v\": {\"query_document\": {\"index\": \"i\", \"id\": \"1\"}, "
            + "\"negative_text\": \"blur\"}}}");
        Map<String, Object> printed = asMap(Strings.toString(MediaTypeRegistry.JSON, query));
        assertEquals(Map.of("index", "i", "id", "1", "exclude", true), at(printed, "query_document"));
        assertEquals("blur", at(printed, "negative_text"));
        assertEquals(0.5, ((Number) at(printed, "negative_weight")).doubleValue());
        assertEquals(query, streamRoundTrip(query));
    }

    @SuppressWarnings("unchecked")
    private static Object at(Map<String, Object> printed, String option) {
        return ((Map<String, Map<String, Object>>) printed.get("clip")).get("v").get(option);
    }

    @Test
    void mistakesWithTheNewOptionsAreRefusedPrecisely() {
        assertRefused("[clip] on field [v]: negative_text needs something to subtract from: query_text, query_image or query_document",
            "{\"clip\": {\"v\": {\"negative_text\": \"rain\"}}}");
        assertRefused("[clip] on field [v]: negative_weight needs negative_text",
            "{\"clip\": {\"v\": {\"query_text\": \"cats\", \"negative_weight\": 0.2}}}");
        assertRefused("[clip] on field [v]: negative_weight must not be negative, got -1.0",
            "{\"clip\": {\"v\": {\"query_text\": \"cats\", \"negative_text\": \"dogs\", \"negative_weight\": -1}}}");
        assertRefused("[clip] on field [v]: negative_text must not be empty",
            "{\"clip\": {\"v\": {\"query_text\": \"cats\", \"negative_text\": [\"dogs\", \" \"]}}}");
        assertRefused("[clip] on field [v]: give query_image or query_document, not both",
            "{\"clip\": {\"v\": {\"query_image\": \"AAAA\", \"query_document\": {\"index\": \"i\", \"id\": \"1\"}}}}");
        assertRefused("[clip] on field [v]: query_vector cannot be combined with query_text, query_image, query_document or negative_text",
            "{\"clip\": {\"v\": {\"query_vector\": [1, 0], \"negative_text\": \"dogs\"}}}");
        assertRefused("[clip] [query_text] must be a string or a non-empty array of strings, found []",
            "{\"clip\": {\"v\": {\"query_text\": []}}}");
        assertRefused("[clip] [query_text] must be a string or an array of strings, found VALUE_NUMBER in the array",
            "{\"clip\": {\"v\": {\"query_text\": [\"cats\", 3]}}}");
        assertRefused("[clip] [query_document] needs [index] and [id]: the document whose vector is searched with",
            "{\"clip\": {\"v\": {\"query_document\": {\"index\": \"i\"}}}}");
        assertRefused("[clip] [query_document] does not support [ids]; it takes index, id, field, exclude",
            "{\"clip\": {\"v\": {\"query_document\": {\"index\": \"i\", \"ids\": [\"1\"]}}}}");
        assertRefused("[clip] [query_document] [exclude] must be true or false, found VALUE_STRING",
            "{\"clip\": {\"v\": {\"query_document\": {\"index\": \"i\", \"id\": \"1\", \"exclude\": \"yes\"}}}}");
        assertRefused("[clip] [query_document] must be an object {\"index\", \"id\", \"field\"?, \"exclude\"?}, found VALUE_STRING",
            "{\"clip\": {\"v\": {\"query_document\": \"i/1\"}}}");
    }
}

package org.opensearch.clip.plugin.query;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensearch.clip.encoder.ClipEncoder;
import org.opensearch.clip.encoder.decode.ImageLimits;
import org.opensearch.clip.plugin.TinyClipNode;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.xcontent.XContentFactory;
import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.core.ParseField;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.common.bytes.BytesArray;
import org.opensearch.core.common.io.stream.NamedWriteableRegistry;
import org.opensearch.core.xcontent.DeprecationHandler;
import org.opensearch.core.xcontent.MediaTypeRegistry;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.index.query.BaseQueryRewriteContext;
import org.opensearch.index.query.MatchAllQueryBuilder;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.index.query.Rewriteable;
import org.opensearch.search.SearchModule;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The coordinating node's rewrite of a {@code clip} query with the default model loaded: the text and/or image are
 * embedded on the inference pool and the query becomes a {@code knn} query on the same field with the same k,
 * filter, method parameters, boost and name. The k-NN plugin is not on the unit-test class path, so a stand-in
 * {@code knn} parser records the JSON the rewrite produces.
 */
class ClipQueryRewriteTest {
    private static TinyClipNode node;
    private static NamedXContentRegistry xContent;
    private static NamedWriteableRegistry writeables;
    private static byte[] png;

    @BeforeAll
    static void start() throws IOException {
        node = new TinyClipNode();
        SearchModule search = new SearchModule(Settings.EMPTY, List.of());
        List<NamedXContentRegistry.Entry> entries = new ArrayList<>(search.getNamedXContents());
        entries.add(new NamedXContentRegistry.Entry(QueryBuilder.class, new ParseField("knn"), (parser, context) -> recordKnn(parser)));
        xContent = new NamedXContentRegistry(entries);
        writeables = new NamedWriteableRegistry(search.getNamedWriteables());
        BufferedImage image = new BufferedImage(70, 50, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 50; y++) {
            for (int x = 0; x < 70; x++) {
                image.setRGB(x, y, x < 35 ? 0x20a040 : 0xe0e020);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        png = out.toByteArray();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    /**
     * The stand-in for the k-NN plugin's parser: an inert query (match_all rewrites to itself) carrying the {@code knn}
     * body as JSON in its name.
     */
    private static QueryBuilder recordKnn(XContentParser parser) throws IOException {
        XContentBuilder json = XContentFactory.jsonBuilder().map(parser.map());
        return new MatchAllQueryBuilder().queryName(json.toString());
    }

    private static ClipQueryBuilder parse(String body) throws IOException {
        try (XContentParser parser = XContentType.JSON.xContent().createParser(xContent, DeprecationHandler.THROW_UNSUPPORTED_OPERATION, body)) {
            assertEquals(XContentParser.Token.START_OBJECT, parser.nextToken());
            return ClipQueryBuilder.fromXContent(parser, new ClipQueryBuilder.Services(node::embeddings, () -> null));
        }
    }

    private static QueryBuilder rewrite(QueryBuilder query) throws Exception {
        BaseQueryRewriteContext context = new BaseQueryRewriteContext(xContent, writeables, null, System::currentTimeMillis);
        CompletableFuture<QueryBuilder> done = new CompletableFuture<>();
        Rewriteable.rewriteAndFetch(query, context, ActionListener.wrap(done::complete, done::completeExceptionally));
        return done.get(2, TimeUnit.MINUTES); // a guard against a hang, not a speed assertion
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> knnBody(QueryBuilder rewritten, String field) {
        MatchAllQueryBuilder knn = assertInstanceOf(MatchAllQueryBuilder.class, rewritten);
        Map<String, Object> body = XContentHelper.convertToMap(new BytesArray(knn.queryName()), false, MediaTypeRegistry.JSON).v2();
        assertEquals(List.of(field), List.copyOf(body.keySet()));
        return (Map<String, Object>) body.get(field);
    }

    private static float[] vector(Map<String, Object> knn) {
        List<?> values = (List<?>) knn.get("vector");
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) values.get(i)).floatValue();
        }
        return out;
    }

    private static ClipEncoder encoder() {
        return node.registry().encoder(null);
    }

    @Test
    void aTextQueryBecomesAKnnQueryWithTheTextEmbedding() throws Exception {
        Map<String, Object> knn = knnBody(rewrite(parse("{\"photo_vector\": {\"query_text\": \"a green field\", \"k\": 7}}")), "photo_vector");
        assertArrayEquals(encoder().encodeTexts(List.of("a green field"), 1)[0], vector(knn), 1e-5f);
        assertEquals(7, knn.get("k"));
        assertEquals(1.0, ((Number) knn.get("boost")).doubleValue());
    }

    @Test
    void everyKnnOptionIsPassedOn() throws Exception {
        String body = """
            {"photo_vector": {"query_text": "a green field", "k": 25,
              "filter": {"term": {"colour": {"value": "green", "boost": 1.0}}},
              "method_parameters": {"ef_search": 200}, "boost": 2.5, "_name": "visual"}}""";
        Map<String, Object> knn = knnBody(rewrite(parse(body)), "photo_vector");
        assertEquals(25, knn.get("k"));
        assertEquals(Map.of("term", Map.of("colour", Map.of("value", "green", "boost", 1.0))), knn.get("filter"));
        assertEquals(Map.of("ef_search", 200), knn.get("method_parameters"));
        assertEquals(2.5, ((Number) knn.get("boost")).doubleValue());
        assertEquals("visual", knn.get("_name"));
    }

    @Test
    void anImageQueryUsesTheImageEmbedding() throws Exception {
        String image = Base64.getEncoder().encodeToString(png);
        Map<String, Object> knn = knnBody(rewrite(parse("{\"v\": {\"query_image\": \"" + image + "\"}}")), "v");
        float[] expected = encoder().encodeImages(List.of(encoder().preprocess(png, ImageLimits.DEFAULT)), 1)[0];
        assertArrayEquals(expected, vector(knn), 1e-5f);
    }

    @Test
    void textAndImageTogetherGiveTheirWeightedNormalisedMean() throws Exception {
        String image = Base64.getEncoder().encodeToString(png);
        String body = "{\"v\": {\"query_text\": \"a green field\", \"query_image\": \"" + image
            + "\", \"text_weight\": 0.25, \"image_weight\": 0.75}}";
        Map<String, Object> knn = knnBody(rewrite(parse(body)), "v");
        float[] text = encoder().encodeTexts(List.of("a green field"), 1)[0];
        float[] img = encoder().encodeImages(List.of(encoder().preprocess(png, ImageLimits.DEFAULT)), 1)[0];
        float[] expected = new float[text.length];
        double norm = 0;
        for (int i = 0; i < text.length; i++) {
            expected[i] = 0.25f * text[i] + 0.75f * img[i];
            norm += (double) expected[i] * expected[i];
        }
        for (int i = 0; i < expected.length; i++) {
            expected[i] /= (float) Math.sqrt(norm);
        }
        assertArrayEquals(expected, vector(knn), 1e-5f);
    }

    @Test
    void anUnknownModelIsRefusedBeforeAnyWorkIsQueued() throws IOException {
        ClipQueryBuilder query = parse("{\"v\": {\"query_text\": \"cats\", \"model\": \"nope\"}}");
        BaseQueryRewriteContext context = new BaseQueryRewriteContext(xContent, writeables, null, System::currentTimeMillis);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Rewriteable.rewrite(query, context));
        assertEquals("unknown model [nope]; models on this node: [" + node.registry().defaultModel() + "]", e.getMessage());
    }

    @Test
    void anUnusableImageFailsTheSearchSayingWhy() throws IOException {
        ClipQueryBuilder query = parse("{\"v\": {\"query_image\": \"bm90IGFuIGltYWdl\"}}");
        ExecutionException e = assertThrows(ExecutionException.class, () -> rewrite(query));
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertTrue(e.getCause().getMessage().startsWith("[clip] query_image: cannot use the image: unknown image format"), e.getCause().getMessage());
    }

    @Test
    void aQueryWhoseEmbeddingIsPendingCannotBeSent() throws IOException {
        ClipQueryBuilder query = parse("{\"v\": {\"query_text\": \"cats\"}}");
        BaseQueryRewriteContext context = new BaseQueryRewriteContext(xContent, writeables, null, System::currentTimeMillis);
        QueryBuilder pending = query.rewrite(context);
        IllegalStateException e = assertThrows(
            IllegalStateException.class,
            () -> pending.writeTo(new org.opensearch.common.io.stream.BytesStreamOutput())
        );
        assertEquals("the clip query must be rewritten (its embedding computed) before it is sent", e.getMessage());
    }

    private static float[] normalisedSum(float[][] vectors, double[] weights) {
        float[] out = new float[vectors[0].length];
        for (int v = 0; v < vectors.length; v++) {
            for (int i = 0; i < out.length; i++) {
                out[i] += (float) (weights[v] * vectors[v][i]);
            }
        }
        double norm = 0;
        for (float x : out) {
            norm += (double) x * x;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] /= (float) Math.sqrt(norm);
        }
        return out;
    }

    @Test
    void severalTextsAreAveragedAndNegativeTextsSubtractedWithNegativeWeight() throws Exception {
        String body = "{\"v\": {\"query_text\": [\"a green field\", \"a red car\"], \"negative_text\": [\"a dog\", \"a cat\"], "
            + "\"negative_weight\": 0.4}}";
        Map<String, Object> knn = knnBody(rewrite(parse(body)), "v");
        float[][] texts = encoder().encodeTexts(List.of("a green field", "a red car", "a dog", "a cat"), 4);
        float[] expected = normalisedSum(texts, new double[] {0.5, 0.5, -0.2, -0.2});
        assertArrayEquals(expected, vector(knn), 1e-5f);
    }

    @Test
    void oneNegativeTextWeighsOneHalfByDefault() throws Exception {
        Map<String, Object> knn = knnBody(rewrite(parse("{\"v\": {\"query_text\": \"a green field\", \"negative_text\": \"a dog\"}}")), "v");
        float[][] texts = encoder().encodeTexts(List.of("a green field", "a dog"), 2);
        assertArrayEquals(normalisedSum(texts, new double[] {1.0, -0.5}), vector(knn), 1e-5f);
    }
}

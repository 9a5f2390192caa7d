package org.opensearch.clip.plugin.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opensearch.clip.plugin.testcluster.ClipClusterExtension;
import org.opensearch.clip.plugin.testcluster.ClipIndexes;
import org.opensearch.clip.plugin.testcluster.RestClient;
import org.opensearch.clip.plugin.testcluster.RestResponse;
import org.opensearch.clip.plugin.testcluster.SampleImages;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Indexing images and captions through a {@code clip_embedding} pipeline into {@code knn_vector} fields (Lucene HNSW,
 * cosine) whose dimension comes from the models API.
 */
class IngestIT {
    @RegisterExtension
    static final ClipClusterExtension cluster = ClipClusterExtension.singleNode();

    static final String INDEX = "images";
    static final String PIPELINE = "images";
    static int dimension;
    static RestResponse sampleBulk;

    @BeforeAll
    static void indexTheSampleImages() {
        RestClient client = cluster.client();
        dimension = ClipIndexes.dimension(client);
        ClipIndexes.createImagePipeline(client, PIPELINE);
        ClipIndexes.createImageIndex(client, INDEX, dimension, 1, PIPELINE);
        sampleBulk = client.postNdjson("/_bulk?refresh=true", ClipIndexes.bulkBody(INDEX, ClipIndexes.sampleDocuments())).assertOk();
    }

    private static Map<String, Object> source(String id) {
        return cluster.client().get("/" + INDEX + "/_doc/" + id).assertOk().object("_source");
    }

    private static float[] vector(String id, String field) {
        Object value = source(id).get(field);
        assertTrue(value != null, "document " + id + " has no " + field);
        return Vectors.of(value);
    }

    @Test
    void everySampleImageIsIndexedAsBase64AndAsDataUri() {
        assertEquals(Map.of(), ClipIndexes.bulkFailures(sampleBulk), "no item fails");
        assertFalse((Boolean) sampleBulk.at("errors"), sampleBulk.toString());
        int expected = 2 * SampleImages.decodable().size();
        assertEquals(expected, sampleBulk.list("items").size());
        for (Object item : sampleBulk.list("items")) {
            assertEquals(201, ((Number) ((Map<?, ?>) ((Map<?, ?>) item).get("index")).get("status")).intValue(), item.toString());
        }
        assertEquals(expected, cluster.client().get("/" + INDEX + "/_count").assertOk().number("count"));
    }

    @Test
    void everyIndexedDocumentHasUnitVectorsOfTheModelDimension() {
        for (String id : ClipIndexes.sampleDocuments().keySet()) {
            for (String field : List.of(ClipIndexes.IMAGE_VECTOR, ClipIndexes.CAPTION_VECTOR)) {
                float[] v = vector(id, field);
                assertEquals(dimension, v.length, id + " " + field);
                assertEquals(1.0, Vectors.norm(v), 1e-4, id + " " + field + " has unit L2 norm");
            }
        }
    }

    @Test
    void base64AndDataUriOfTheSameFileGiveTheSameVector() {
        for (SampleImages.Image image : SampleImages.decodable()) {
            assertArrayEquals(
                vector(ClipIndexes.id(image, false), ClipIndexes.IMAGE_VECTOR),
                vector(ClipIndexes.id(image, true), ClipIndexes.IMAGE_VECTOR),
                1e-6f,
                image.file()
            );
        }
    }

    @Test
    void differentPicturesGetDifferentVectors() {
        float[] cat = vector(ClipIndexes.id(SampleImages.named("cat.jpg"), false), ClipIndexes.IMAGE_VECTOR);
        float[] hubble = vector(ClipIndexes.id(SampleImages.named("hubble-deep-field.gif"), false), ClipIndexes.IMAGE_VECTOR);
        double cosine = 0;
        for (int i = 0; i < cat.length; i++) {
            cosine += cat[i] * hubble[i];
        }
        assertTrue(cosine < 0.999, "cat and hubble differ, cosine " + cosine);
    }

    @Test
    void theSourceKeepsTheOriginalFields() {
        SampleImages.Image cat = SampleImages.named("cat.jpg");
        Map<String, Object> source = source(ClipIndexes.id(cat, true));
        assertEquals(cat.dataUri(), source.get("image"));
        assertEquals(cat.caption(), source.get("caption"));
        assertEquals("cat.jpg", source.get("file"));
    }

    @Test
    void anArrayOfImagesIsEmbeddedAsTheNormalisedMeanOfItsImages() {
        SampleImages.Image cat = SampleImages.named("cat.jpg");
        SampleImages.Image coffee = SampleImages.named("coffee.jpg");
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("file", "cat+coffee");
        doc.put("image", List.of(cat.base64(), coffee.dataUri()));
        doc.put("caption", List.of(cat.caption(), coffee.caption()));
        cluster.client().put("/" + INDEX + "/_doc/array?refresh=true", doc).assertOk();

        float[] expectedImage = Vectors.normalisedSum(
            vector(ClipIndexes.id(cat, false), ClipIndexes.IMAGE_VECTOR),
            vector(ClipIndexes.id(coffee, false), ClipIndexes.IMAGE_VECTOR)
        );
        float[] expectedCaption = Vectors.normalisedSum(
            vector(ClipIndexes.id(cat, false), ClipIndexes.CAPTION_VECTOR),
            vector(ClipIndexes.id(coffee, false), ClipIndexes.CAPTION_VECTOR)
        );
        assertArrayEquals(expectedImage, vector("array", ClipIndexes.IMAGE_VECTOR), 1e-5f);
        assertArrayEquals(expectedCaption, vector("array", ClipIndexes.CAPTION_VECTOR), 1e-5f);
        cluster.client().delete("/" + INDEX + "/_doc/array?refresh=true").assertOk();
    }

    @Test
    void anArrayOfOneImageGivesTheVectorOfThatImage() {
        SampleImages.Image retina = SampleImages.named("retina.bmp");
        Map<String, Object> doc = Map.of("file", "one", "image", List.of(retina.base64()), "caption", retina.caption());
        cluster.client().put("/" + INDEX + "/_doc/one?refresh=true", doc).assertOk();

        assertArrayEquals(vector(ClipIndexes.id(retina, false), ClipIndexes.IMAGE_VECTOR), vector("one", ClipIndexes.IMAGE_VECTOR), 1e-6f);
        cluster.client().delete("/" + INDEX + "/_doc/one?refresh=true").assertOk();
    }

    @Test
    void anArrayWithSomethingOtherThanStringsIsRefusedForThatDocument() {
        Map<String, Object> doc = Map.of("image", List.of(SampleImages.named("cat.jpg").base64(), 42), "caption", "x");
        RestResponse response = cluster.client().put("/" + INDEX + "/_doc/mixed", doc);

        assertEquals(400, response.status(), response.toString());
        assertTrue(response.string("error.reason").contains("field [image] must hold strings"), response.toString());
    }

    @Test
    void theSimulateApiShowsTheVectorsThePipelineWouldWrite() {
        SampleImages.Image coffee = SampleImages.named("coffee.jpg");
        RestResponse simulated = cluster.client().post("/_ingest/pipeline/" + PIPELINE + "/_simulate",
            Map.of("docs", List.of(Map.of("_source", Map.of("image", coffee.base64(), "caption", coffee.caption()))))).assertOk();

        float[] v = Vectors.of(simulated.at("docs.0.doc._source." + ClipIndexes.IMAGE_VECTOR));
        assertArrayEquals(vector(ClipIndexes.id(coffee, false), ClipIndexes.IMAGE_VECTOR), v, 1e-6f);
    }
}

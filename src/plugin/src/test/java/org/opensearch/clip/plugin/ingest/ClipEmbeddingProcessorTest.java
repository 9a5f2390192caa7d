package org.opensearch.clip.plugin.ingest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensearch.clip.encoder.ClipEncoder;
import org.opensearch.clip.encoder.decode.ImageDecodeException;
import org.opensearch.clip.encoder.decode.ImageLimits;
import org.opensearch.clip.plugin.TinyClipNode;
import org.opensearch.ingest.IngestDocument;
import org.opensearch.ingest.IngestDocumentWrapper;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code clip_embedding} on documents, with the project's default model loaded: vectors land in their fields, a bad
 * document fails alone, arrays are averaged, missing fields follow {@code ignore_missing}.
 */
class ClipEmbeddingProcessorTest {
    private static TinyClipNode node;
    private static String red;
    private static byte[] redPng;
    private static String blue;
    private static byte[] bluePng;

    @BeforeAll
    static void start() throws IOException {
        node = new TinyClipNode();
        redPng = png(0xd02020);
        bluePng = png(0x2040e0);
        red = "data:image/png;base64," + Base64.getEncoder().encodeToString(redPng);
        blue = Base64.getEncoder().encodeToString(bluePng);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static ClipEmbeddingProcessor processor(boolean ignoreMissing, FieldMapping... mappings) {
        return new ClipEmbeddingProcessor("tag", null, List.of(mappings), null, ignoreMissing, false, node.embeddings(), null, null);
    }

    private static IngestDocument document(Object... keysAndValues) {
        Map<String, Object> source = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            source.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return new IngestDocument("index", "id", null, null, null, source);
    }

    private static List<IngestDocumentWrapper> run(ClipEmbeddingProcessor processor, IngestDocument... documents) throws Exception {
        List<IngestDocumentWrapper> wrappers = new ArrayList<>();
        for (int i = 0; i < documents.length; i++) {
            wrappers.add(new IngestDocumentWrapper(i, 0, documents[i], null));
        }
        CompletableFuture<List<IngestDocumentWrapper>> done = new CompletableFuture<>();
        processor.batchExecute(wrappers, done::complete);
        return done.get(2, TimeUnit.MINUTES); // a guard against a hang, not a speed assertion
    }

    private static float[] vector(IngestDocument document, String field) {
        List<?> values = document.getFieldValue(field, List.class);
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = assertInstanceOf(Float.class, values.get(i));
        }
        return out;
    }

    private static float[] imageEmbedding(byte[] image) throws ImageDecodeException {
        ClipEncoder encoder = node.registry().encoder(null);
        return encoder.encodeImages(List.of(encoder.preprocess(image, ImageLimits.DEFAULT)), 1)[0];
    }

    private static float[] textEmbedding(String text) {
        return node.registry().encoder(null).encodeTexts(List.of(text), 1)[0];
    }

    @Test
    void imagesAndCaptionsAreEmbeddedIntoTheirVectorFields() throws Exception {
        IngestDocument doc = document("photo", red, "caption", "a red square");
        List<IngestDocumentWrapper> out = run(
            processor(false, new FieldMapping("photo", "photo_vector", InputType.IMAGE), new FieldMapping("caption", "caption_vector", InputType.TEXT)),
            doc
        );
        assertNull(out.get(0).getException());
        assertArrayEquals(imageEmbedding(redPng), vector(doc, "photo_vector"), 1e-5f);
        assertArrayEquals(textEmbedding("a red square"), vector(doc, "caption_vector"), 1e-5f);
        assertEquals(red, doc.getFieldValue("photo", String.class), "the source field is kept");
    }

    @Test
    void aBulkRequestEmbedsEveryDocumentAndFailsOnlyTheBadOne() throws Exception {
        IngestDocument first = document("photo", red);
        IngestDocument broken = document("photo", "data:image/png;base64,bm90IGFuIGltYWdl"); // "not an image"
        IngestDocument third = document("photo", blue);
        List<IngestDocumentWrapper> out = run(processor(false, new FieldMapping("photo", "v", InputType.IMAGE)), first, broken, third);

        assertNull(out.get(0).getException());
        assertNull(out.get(2).getException());
        assertArrayEquals(imageEmbedding(redPng), vector(first, "v"), 1e-5f);
        assertArrayEquals(imageEmbedding(bluePng), vector(third, "v"), 1e-5f);
        Exception failure = out.get(1).getException();
        assertInstanceOf(IllegalArgumentException.class, failure);
        assertTrue(
            failure.getMessage().startsWith("[clip_embedding] field [photo]: cannot use the image: unknown image format"),
            failure.getMessage()
        );
        assertFalse(broken.hasField("v"));
    }

    @Test
    void anArrayOfImagesIsEmbeddedAsTheirNormalisedMean() throws Exception {
        IngestDocument doc = document("photos", List.of(red, blue));
        List<IngestDocumentWrapper> out = run(processor(false, new FieldMapping("photos", "v", InputType.IMAGE)), doc);
        assertNull(out.get(0).getException());
        float[] a = imageEmbedding(redPng);
        float[] b = imageEmbedding(bluePng);
        float[] sum = new float[a.length];
        double norm = 0;
        for (int i = 0; i < a.length; i++) {
            sum[i] = a[i] + b[i];
            norm += (double) sum[i] * sum[i];
        }
        for (int i = 0; i < a.length; i++) {
            sum[i] /= (float) Math.sqrt(norm);
        }
        assertArrayEquals(sum, vector(doc, "v"), 1e-5f);
    }

    @Test
    void aBadItemInAnArraySaysWhichItem() throws Exception {
        IngestDocument doc = document("photos", List.of(red, "%%%"));
        List<IngestDocumentWrapper> out = run(processor(false, new FieldMapping("photos", "v", InputType.IMAGE)), doc);
        String message = out.get(0).getException().getMessage();
        assertTrue(message.startsWith("[clip_embedding] field [photos] (item 1): cannot use the image: not valid base64"), message);
    }

    @Test
    void aMissingFieldFailsTheDocumentUnlessIgnored() throws Exception {
        IngestDocument strict = document("title", "no photo here");
        List<IngestDocumentWrapper> failed = run(processor(false, new FieldMapping("photo", "v", InputType.IMAGE)), strict);
        assertEquals(
            "[clip_embedding] field [photo] is missing or empty; set ignore_missing to skip such documents",
            failed.get(0).getException().getMessage()
        );

        IngestDocument lenient = document("title", "no photo here", "photo", "");
        List<IngestDocumentWrapper> passed = run(processor(true, new FieldMapping("photo", "v", InputType.IMAGE)), lenient);
        assertNull(passed.get(0).getException());
        assertFalse(lenient.hasField("v"));
        assertEquals("no photo here", lenient.getFieldValue("title", String.class));
    }

    @Test
    void aFieldOfTheWrongTypeFailsTheDocumentSayingWhatItHolds() throws Exception {
        List<IngestDocumentWrapper> number = run(processor(false, new FieldMapping("photo", "v", InputType.IMAGE)), document("photo", 42));
        assertEquals(
            "[clip_embedding] field [photo] must be a string or an array of strings, found Integer",
            number.get(0).getException().getMessage()
        );
        List<IngestDocumentWrapper> mixed = run(
            processor(false, new FieldMapping("photo", "v", InputType.IMAGE)),
            document("photo", List.of(red, 7))
        );
        assertEquals(
            "[clip_embedding] field [photo] must hold strings, found an item of type Integer",
            mixed.get(0).getException().getMessage()
        );
    }

    @Test
    void theSingleDocumentPathGivesTheSameVector() throws Exception {
        IngestDocument doc = document("caption", "a blue square");
        CompletableFuture<IngestDocument> done = new CompletableFuture<>();
        processor(false, new FieldMapping("caption", "v", InputType.TEXT)).execute(doc, (result, e) -> {
            if (e != null) {
                done.completeExceptionally(e);
            } else {
                done.complete(result);
            }
        });
        IngestDocument result = done.get(2, TimeUnit.MINUTES);
        assertArrayEquals(textEmbedding("a blue square"), vector(result, "v"), 1e-5f);
    }

    /** An 80x60 PNG: a solid colour with a lighter diagonal band, so the picture is not flat. */
    private static byte[] png(int rgb) throws IOException {
        BufferedImage image = new BufferedImage(80, 60, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 60; y++) {
            for (int x = 0; x < 80; x++) {
                image.setRGB(x, y, Math.abs(x - y) < 8 ? 0xf0f0f0 : rgb);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @Test
    void removeBinaryDropsTheEmbeddedImageFromTheDocumentAndKeepsTheVector() throws Exception {
        ClipEmbeddingProcessor processor = new ClipEmbeddingProcessor("tag", null, List.of(new FieldMapping("photo", "v", InputType.IMAGE),
            new FieldMapping("caption", "c", InputType.TEXT)), null, false, true, node.embeddings(), null, null);
        IngestDocument doc = document("photo", red, "caption", "a red square");

        IngestDocumentWrapper out = run(processor, doc).get(0);

        assertNull(out.getException());
        assertFalse(out.getIngestDocument().hasField("photo"), "the base64 image is gone from the source");
        assertArrayEquals(imageEmbedding(redPng), vector(out.getIngestDocument(), "v"), 1e-5f);
        assertEquals("a red square", out.getIngestDocument().getFieldValue("caption", String.class), "texts stay");
    }
}

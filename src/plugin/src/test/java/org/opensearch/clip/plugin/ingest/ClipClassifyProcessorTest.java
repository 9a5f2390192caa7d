package org.opensearch.clip.plugin.ingest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensearch.clip.plugin.TinyClipNode;
import org.opensearch.clip.plugin.zeroshot.LabelEmbeddingCache;
import org.opensearch.clip.plugin.zeroshot.LabelSet;
import org.opensearch.clip.plugin.zeroshot.LabelSource;
import org.opensearch.clip.plugin.zeroshot.ZeroShotClassifier;
import org.opensearch.ingest.IngestDocument;
import org.opensearch.ingest.IngestDocumentWrapper;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code clip_classify} on documents with the project's default model: a stored vector is classified without an encode,
 * labels and probabilities land in their fields, a stored vector of any length counts as its unit vector,
 * {@code min_probability} drops labels, a document without the field fails alone or passes with {@code ignore_missing},
 * and the label embeddings are computed once for many batches.
 */
class ClipClassifyProcessorTest {
    private static final List<String> LABELS = List.of("red", "blue", "green");
    private static TinyClipNode node;
    private static ZeroShotClassifier classifier;

    @BeforeAll
    static void start() {
        node = new TinyClipNode();
        classifier = new ZeroShotClassifier(node.embeddings(), null, new LabelEmbeddingCache(1_000_000));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static ClipClassifyProcessor processor(boolean ignoreMissing) {
        return processor(0, ignoreMissing);
    }

    private static ClipClassifyProcessor processor(double minProbability, boolean ignoreMissing) {
        ClipClassifyProcessor.Settings settings = new ClipClassifyProcessor.Settings(null, "v", "tags", "scores",
            new LabelSource(LabelSet.of(LABELS), null, List.of("{}")), 2, minProbability, null, ignoreMissing);
        return new ClipClassifyProcessor("tag", null, settings, classifier);
    }

    private static IngestDocument document(Object vector) {
        Map<String, Object> source = new HashMap<>();
        if (vector != null) {
            source.put("v", vector);
        }
        return new IngestDocument("index", "id", null, null, null, source);
    }

    private static List<Float> asList(float[] vector) {
        List<Float> out = new ArrayList<>();
        for (float v : vector) {
            out.add(v);
        }
        return out;
    }

    private static List<IngestDocumentWrapper> run(ClipClassifyProcessor processor, IngestDocument... documents) throws Exception {
        List<IngestDocumentWrapper> wrappers = new ArrayList<>();
        for (int i = 0; i < documents.length; i++) {
            wrappers.add(new IngestDocumentWrapper(i, 0, documents[i], null));
        }
        CompletableFuture<List<IngestDocumentWrapper>> done = new CompletableFuture<>();
        processor.batchExecute(wrappers, done::complete);
        return done.get(2, TimeUnit.MINUTES); // a guard against a hang, not a speed assertion
    }

    @Test
    void aStoredVectorGetsItsTopLabelsAndProbabilitiesWithoutAnImageEncode() throws Exception {
        float[] red = node.registry().encoder(null).encodeTexts(List.of("red"), 1)[0];
        long imagesBefore = imagesEmbedded();

        List<IngestDocumentWrapper> results = run(processor(false), document(asList(red)));

        assertNull(results.get(0).getException());
        IngestDocument out = results.get(0).getIngestDocument();
        List<?> tags = out.getFieldValue("tags", List.class);
        assertEquals(2, tags.size());
        assertEquals("red", tags.get(0), "the label whose text embedding the vector is");
        Map<?, ?> scores = out.getFieldValue("scores", Map.class);
        assertEquals(tags, new ArrayList<>(scores.keySet()));
        assertTrue(((Double) scores.get("red")) > ((Double) scores.get(tags.get(1))));
        assertEquals(imagesBefore, imagesEmbedded(), "no image was embedded");
    }

    @Test
    void aStoredVectorThatIsNotOfUnitLengthGetsTheProbabilitiesOfItsUnitVector() throws Exception {
        float[] red = node.registry().encoder(null).encodeTexts(List.of("red"), 1)[0];
        float[] longRed = red.clone();
        for (int i = 0; i < longRed.length; i++) {
            longRed[i] *= 3;
        }

        IngestDocument unit = run(processor(false), document(asList(red))).get(0).getIngestDocument();
        IngestDocument scaled = run(processor(false), document(asList(longRed))).get(0).getIngestDocument();

        List<?> tags = unit.getFieldValue("tags", List.class);
        assertEquals(tags, scaled.getFieldValue("tags", List.class));
        Map<?, ?> unitScores = unit.getFieldValue("scores", Map.class);
        Map<?, ?> scaledScores = scaled.getFieldValue("scores", Map.class);
        for (Object tag : tags) {
            assertEquals((Double) unitScores.get(tag), (Double) scaledScores.get(tag), 1e-6, "the cosine, not three times it, goes into the "
                + "softmax: " + tag);
        }
    }

    @Test
    void labelsBelowMinProbabilityAreNotWritten() throws Exception {
        float[] red = node.registry().encoder(null).encodeTexts(List.of("red"), 1)[0];

        IngestDocument out = run(processor(0.5, false), document(asList(red))).get(0).getIngestDocument();

        assertEquals(List.of("red"), out.getFieldValue("tags", List.class), "top_k 2, but only one label reaches 0.5");
        Map<?, ?> scores = out.getFieldValue("scores", Map.class);
        assertEquals(List.of("red"), new ArrayList<>(scores.keySet()));
        assertTrue(((Double) scores.get("red")) >= 0.5);
    }

    @Test
    void aDocumentWithoutTheFieldFailsAloneOrPassesWithIgnoreMissing() throws Exception {
        float[] blue = node.registry().encoder(null).encodeTexts(List.of("blue"), 1)[0];

        List<IngestDocumentWrapper> strict = run(processor(false), document(null), document(asList(blue)));
        assertEquals("[clip_classify] field [v] is missing or empty; set ignore_missing to skip such documents",
            strict.get(0).getException().getMessage());
        assertNull(strict.get(1).getException());

        List<IngestDocumentWrapper> lenient = run(processor(true), document(null));
        assertNull(lenient.get(0).getException());
        assertFalse(lenient.get(0).getIngestDocument().hasField("tags"));
    }

    @Test
    void aValueThatIsNotAVectorFailsSayingWhy() throws Exception {
        List<IngestDocumentWrapper> results = run(processor(false), document("not a vector"));
        assertEquals("[clip_classify] field [v] is not a vector (an array of numbers)", results.get(0).getException().getMessage());
    }

    @Test
    void theLabelEmbeddingsAreComputedOnceForManyBatches() throws Exception {
        float[] green = node.registry().encoder(null).encodeTexts(List.of("green"), 1)[0];
        run(processor(false), document(asList(green)));
        long before = ((Number) classifier.cache().stats().get("misses")).longValue();
        run(processor(false), document(asList(green)));
        run(processor(false), document(asList(green)));
        assertEquals(before, ((Number) classifier.cache().stats().get("misses")).longValue());
    }

    @SuppressWarnings("unchecked")
    private static long imagesEmbedded() {
        Map<String, Object> models = (Map<String, Object>) node.embeddings().stats().get("models");
        return ((Number) ((Map<String, Object>) models.values().iterator().next()).get("images")).longValue();
    }
}

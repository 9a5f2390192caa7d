package org.opensearch.clip.plugin.embed;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.clip.encoder.ClipEncoder;
import org.opensearch.clip.encoder.decode.ImageLimits;
import org.opensearch.clip.encoder.math.Vectors;
import org.opensearch.clip.plugin.TinyClipNode;
import org.opensearch.clip.plugin.testcluster.HostileImages;
import org.opensearch.clip.plugin.testcluster.SampleImages;
import org.opensearch.common.settings.Settings;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.concurrency.OpenSearchRejectedExecutionException;
import org.opensearch.core.rest.RestStatus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedding service on the default model: one result per input, weighted means, per-input failures, the caps
 * and lanes, replicas, and what its stats count.
 */
class EmbeddingServiceTest {
    private static TinyClipNode node;

    @BeforeAll
    static void loadModel() {
        node = new TinyClipNode();
    }

    @AfterAll
    static void close() {
        node.close();
    }

    private static EmbeddingResponse embed(EmbeddingService service, Lane lane, List<EmbeddingInput> inputs) throws Exception {
        CompletableFuture<EmbeddingResponse> done = new CompletableFuture<>();
        service.embed(new EmbeddingRequest(null, lane, inputs), ActionListener.wrap(done::complete, done::completeExceptionally));
        return done.get(2, TimeUnit.MINUTES); // a guard against a hang, not a speed assertion
    }

    private static EmbeddingInput image(int group, byte[] bytes) {
        return new EmbeddingInput(group, "doc " + group, List.of(EmbeddingPart.image(ImageSource.of(base64(bytes)), 1)));
    }

    private static EmbeddingInput text(int group, String text) {
        return new EmbeddingInput(group, "doc " + group, List.of(EmbeddingPart.text(text, 1)));
    }

    private static String base64(byte[] bytes) {
        return java.util.Base64.getEncoder().encodeToString(bytes);
    }

    private static ClipEncoder encoder() {
        return node.registry().encoder(null);
    }

    private static byte[] cat() {
        return SampleImages.named("cat.jpg").bytes();
    }

    @Test
    void textsAndImagesGetTheVectorsTheEncoderComputes() throws Exception {
        EmbeddingResponse response = embed(node.embeddings(), Lane.INGEST, List.of(text(0, "a red heart"), image(1, cat())));

        assertEquals(node.registry().defaultModel(), response.model());
        assertArrayEquals(encoder().encodeTexts(List.of("a red heart"), 1)[0], response.results().get(0).vector(), 1e-5f);
        float[] expected = encoder().encodeImages(List.of(encoder().preprocess(cat(), ImageLimits.DEFAULT)), 1)[0];
        assertArrayEquals(expected, response.results().get(1).vector(), 1e-5f);
    }

    @Test
    void anInputOfSeveralPartsIsTheirNormalisedWeightedMean() throws Exception {
        EmbeddingInput mixed = new EmbeddingInput(0, "query", List.of(EmbeddingPart.text("a cat", 2), EmbeddingPart.text("a dog", -0.5)));

        float[] vector = embed(node.embeddings(), Lane.QUERY, List.of(mixed)).results().get(0).vector();

        float[] cat = encoder().encodeTexts(List.of("a cat"), 1)[0];
        float[] dog = encoder().encodeTexts(List.of("a dog"), 1)[0];
        assertArrayEquals(Vectors.weightedMean(List.of(cat, dog), List.of(2.0, -0.5)), vector, 1e-5f);
        assertEquals(1.0, Vectors.dot(vector, vector), 1e-5);
    }

    @Test
    void aBadImageFailsOnlyItsOwnInputWithAReasonNamingIt() throws Exception {
        EmbeddingInput album = new EmbeddingInput(1, "[clip_embedding] field [photos]", List.of(
            EmbeddingPart.image(ImageSource.of(base64(cat())), 1), EmbeddingPart.image(ImageSource.of("bm90IGFuIGltYWdl"), 1)));

        EmbeddingResponse response = embed(node.embeddings(), Lane.INGEST, List.of(text(0, "a cat"), album, image(2, cat())));

        assertNotNull(response.results().get(0).vector());
        IllegalArgumentException failure = assertInstanceOf(IllegalArgumentException.class, response.results().get(1).failure());
        assertTrue(failure.getMessage().startsWith("[clip_embedding] field [photos] (item 1): cannot use the image: "), failure.getMessage());
        assertNotNull(response.results().get(2).vector());
    }

    @Test
    void aTwoMillionByOnePixelImageIsEmbeddedAndAFortyMillionByOneIsRefusedWithTheReason() throws Exception {
        byte[] line = HostileImages.png(2_000_000, 1);
        byte[] longer = HostileImages.png(40_000_000, 1);
        assertTrue(line.length < 5_000 && longer.length < 60_000, "a few kilobytes claim millions of pixels");

        EmbeddingResponse response = embed(node.embeddings(), Lane.QUERY, List.of(image(0, line), image(1, longer), image(2, cat())));

        assertNotNull(response.results().get(0).vector(), "2,000,000 x 1 is within the limits and is resized in its crop window");
        String reason = response.results().get(1).failure().getMessage();
        assertTrue(reason.contains("40000000x1"), reason);
        assertNotNull(response.results().get(2).vector());
    }

    @Test
    void anImageThatNeedsMoreThanTheWholeDecodeBudgetFailsAloneNamingTheSetting() throws Exception {
        try (TinyClipNode small = new TinyClipNode(1, Settings.EMPTY, 8L << 20)) {
            byte[] bomb = HostileImages.png(2000, 2000); // 4 MP of 1-bit zeros: a few KB that decode to 64 MB of heap

            EmbeddingResponse response = embed(small.embeddings(), Lane.INGEST, List.of(image(0, bomb), image(1, cat())));

            String reason = response.results().get(0).failure().getMessage();
            assertTrue(reason.contains("2000x2000 pixels: decoding it needs") && reason.contains("clip.inference.decode_memory"), reason);
            assertNotNull(response.results().get(1).vector());
            Map<?, ?> decode = (Map<?, ?>) small.embeddings().stats().get("decode");
            assertEquals(0L, ((Number) decode.get("memory_in_flight_bytes")).longValue(), "every reservation was given back");
            assertTrue(((Number) decode.get("memory_peak_bytes")).longValue() <= 8L << 20, decode.toString());
        }
    }

    @Test
    void aDocumentOverThePerDocumentCapFailsWith400AndItsNeighboursAreEmbedded() throws Exception {
        Settings settings = Settings.builder().put("clip.inference.max_images_per_document", 3).build();
        try (TinyClipNode capped = new TinyClipNode(1, settings)) {
            byte[] tiny = HostileImages.png(1, 1);
            List<EmbeddingPart> many = new ArrayList<>(Collections.nCopies(4, EmbeddingPart.image(ImageSource.of(base64(tiny)), 1)));
            List<EmbeddingInput> inputs = List.of(image(0, cat()), new EmbeddingInput(1, "[clip_embedding] field [album]", many),
                image(2, cat()));

            EmbeddingResponse response = embed(capped.embeddings(), Lane.INGEST, inputs);

            IllegalArgumentException failure = assertInstanceOf(IllegalArgumentException.class, response.results().get(1).failure());
            assertEquals("[clip_embedding] field [album] carries 4 images, over the limit of 3 per document "
                + "(clip.inference.max_images_per_document)", failure.getMessage());
            assertNotNull(response.results().get(0).vector());
            assertNotNull(response.results().get(2).vector());
        }
    }

    @Test
    void documentsPastThePerRequestCapAreRejectedWith429ToBeSentAgain() throws Exception {
        Settings settings = Settings.builder().put("clip.inference.max_images_per_request", 2).build();
        try (TinyClipNode capped = new TinyClipNode(1, settings)) {
            EmbeddingResponse response = embed(capped.embeddings(), Lane.INGEST,
                List.of(image(0, cat()), image(1, cat()), image(2, cat()), text(3, "texts are not images")));

            assertNotNull(response.results().get(0).vector());
            assertNotNull(response.results().get(1).vector());
            OpenSearchRejectedExecutionException rejected = assertInstanceOf(OpenSearchRejectedExecutionException.class,
                response.results().get(2).failure());
            assertTrue(rejected.getMessage().contains("clip.inference.max_images_per_request"), rejected.getMessage());
            assertNotNull(response.results().get(3).vector());
        }
    }

    @Test
    void aFullIngestLaneRejectsWith429WhileTheQueryLaneStillAdmits() throws Exception {
        Settings settings = Settings.builder().put("clip.inference.ingest_queue_size", 2).build();
        try (TinyClipNode small = new TinyClipNode(1, settings)) {
            EmbeddingResponse ingest = embed(small.embeddings(), Lane.INGEST, List.of(text(0, "one"), text(1, "two"), text(2, "three")));
            EmbeddingResponse query = embed(small.embeddings(), Lane.QUERY, List.of(text(0, "one"), text(1, "two"), text(2, "three")));

            assertNotNull(ingest.results().get(0).vector());
            assertNotNull(ingest.results().get(1).vector());
            assertInstanceOf(OpenSearchRejectedExecutionException.class, ingest.results().get(2).failure());
            assertTrue(query.results().stream().noneMatch(EmbeddingResult::isFailure), "the query lane has its own size");
            Map<?, ?> lanes = (Map<?, ?>) small.embeddings().stats().get("lanes");
            assertEquals(1L, ((Number) ((Map<?, ?>) lanes.get("ingest")).get("rejected")).longValue(), lanes.toString());
        }
    }

    @Test
    void aQueryIsAnsweredWhileABulkStillFillsTheIngestLane() throws Exception {
        EmbeddingService service = node.embeddings();
        // 50 different images of about 1500 x 1500 pixels (1 KB each; identical ones would be decoded once): seconds of
        // decoding however fast the machine, while the query (a text, on the query worker) needs milliseconds
        List<EmbeddingInput> bulk = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            bulk.add(image(i, HostileImages.png(1500, 1500 - i)));
        }
        CompletableFuture<EmbeddingResponse> ingest = new CompletableFuture<>();
        service.embed(new EmbeddingRequest(null, Lane.INGEST, bulk), ActionListener.wrap(ingest::complete, ingest::completeExceptionally));

        EmbeddingResponse query = embed(service, Lane.QUERY, List.of(text(0, "a cup of coffee")));
        int ingestLeft = ((Number) ((Map<?, ?>) ((Map<?, ?>) service.stats().get("lanes")).get("ingest")).get("in_flight")).intValue();

        assertNotNull(query.results().get(0).vector());
        assertFalse(ingest.isDone(), "the query did not wait for the bulk");
        assertTrue(ingestLeft > 0, "ingest items were still in flight when the query was answered");
        List<EmbeddingResult> results = ingest.get(2, TimeUnit.MINUTES).results();
        assertTrue(results.stream().noneMatch(EmbeddingResult::isFailure), results.stream().filter(EmbeddingResult::isFailure).findFirst()
            .map(r -> r.failure().getMessage()).orElse(""));
    }

    @Test
    void itemsThatWaitPastTheQueueTimeoutFailWith503() throws Exception {
        Settings settings = Settings.builder().put("clip.inference.queue_timeout", "1ms").build();
        try (TinyClipNode hurried = new TinyClipNode(1, settings)) {
            List<EmbeddingInput> bulk = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                bulk.add(image(i, cat()));
            }
            List<EmbeddingResult> results = embed(hurried.embeddings(), Lane.INGEST, bulk).results();

            List<Exception> failures = results.stream().filter(EmbeddingResult::isFailure).map(EmbeddingResult::failure).toList();
            assertFalse(failures.isEmpty(), "50 JPEG decodes take longer than 1 ms");
            for (Exception failure : failures) {
                OpenSearchStatusException e = assertInstanceOf(OpenSearchStatusException.class, failure);
                assertEquals(RestStatus.SERVICE_UNAVAILABLE, e.status());
                assertTrue(e.getMessage().contains("over clip.inference.queue_timeout [1ms]"), e.getMessage());
            }
        }
    }

    @Test
    void twoReplicasShareTheQueueAndTheStatsCountEveryBatch() throws Exception {
        Settings settings = Settings.builder().put("clip.inference.batch_size", 1).build();
        try (TinyClipNode two = new TinyClipNode(2, settings)) {
            List<EmbeddingInput> texts = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                texts.add(text(i, "caption number " + i));
            }
            assertTrue(embed(two.embeddings(), Lane.INGEST, texts).results().stream().noneMatch(EmbeddingResult::isFailure));

            Map<?, ?> model = (Map<?, ?>) ((Map<?, ?>) two.embeddings().stats().get("models")).get(two.registry().defaultModel());
            List<?> replicas = (List<?>) model.get("replicas");
            assertEquals(2, replicas.size());
            long batches = 0;
            for (Object replica : replicas) {
                Map<?, ?> one = (Map<?, ?>) replica;
                assertEquals("cpu", one.get("device"));
                assertTrue(((Number) one.get("batches")).longValue() > 0, "both replicas took batches: " + replicas);
                batches += ((Number) one.get("batches")).longValue();
            }
            assertEquals(200L, batches);
            assertEquals(200L, ((Number) model.get("batches")).longValue());
            assertEquals(200L, ((Number) model.get("texts")).longValue());
            assertEquals(200L, ((Number) model.get("documents")).longValue());
            assertEquals(Map.of("1", 200L), model.get("batch_sizes"));
            Map<?, ?> encode = (Map<?, ?>) ((Map<?, ?>) model.get("latency")).get("encode");
            assertEquals(200L, ((Number) encode.get("count")).longValue());
            assertNull(((Map<?, ?>) model.get("failures")).get("timeout"));
        }
    }

    @Test
    void everyDeviceHasAQueryWorkerThatTakesQueryBatchesUnlessTurnedOff() throws Exception {
        Map<?, ?> model = (Map<?, ?>) ((Map<?, ?>) node.embeddings().stats().get("models")).get(node.registry().defaultModel());
        List<?> workers = (List<?>) model.get("query_workers");
        assertEquals(1, workers.size(), model.toString());
        assertEquals("cpu", ((Map<?, ?>) workers.get(0)).get("device"));
        assertEquals("query", ((Map<?, ?>) workers.get(0)).get("lanes"));

        Settings off = Settings.builder().put("clip.inference.query_workers", false).build();
        try (TinyClipNode without = new TinyClipNode(1, off)) {
            assertNotNull(embed(without.embeddings(), Lane.QUERY, List.of(text(0, "a red heart"))).results().get(0).vector(),
                "the replicas still answer queries");
            Map<?, ?> stats = (Map<?, ?>) ((Map<?, ?>) without.embeddings().stats().get("models")).get(without.registry().defaultModel());
            assertEquals(List.of(), stats.get("query_workers"));
        }
    }

    @Test
    void everyRequestIsAnsweredExactlyOnceEvenWhenItsItemsFinishBeforeEmbedReturns() throws Exception {
        // a one-text request can be encoded and answered by a replica before embed() returns on the caller's thread; an
        // ingest pipeline answered twice would run the document twice
        int requests = 300;
        java.util.concurrent.atomic.AtomicIntegerArray answers = new java.util.concurrent.atomic.AtomicIntegerArray(requests);
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(requests);
        for (int r = 0; r < requests; r++) {
            int request = r;
            node.embeddings().embed(new EmbeddingRequest(null, Lane.INGEST, List.of(text(0, "text " + (r % 7)))), ActionListener.wrap(
                response -> {
                    answers.incrementAndGet(request);
                    done.countDown();
                }, e -> {
                    answers.incrementAndGet(request);
                    done.countDown();
                }));
        }
        assertTrue(done.await(2, TimeUnit.MINUTES));
        Thread.sleep(200); // room for a second answer, were there one
        for (int r = 0; r < requests; r++) {
            assertEquals(1, answers.get(r), "request " + r);
        }
    }

    @Test
    void withTheEmbeddingCacheOnAnImageSeenBeforeSkipsDecodingAndTheModel() throws Exception {
        Settings settings = Settings.builder().put("clip.inference.embedding_cache.size", 2).build();
        try (TinyClipNode cached = new TinyClipNode(1, settings)) {
            float[] first = embed(cached.embeddings(), Lane.INGEST, List.of(image(0, cat()))).results().get(0).vector();
            Map<?, ?> model = (Map<?, ?>) ((Map<?, ?>) cached.embeddings().stats().get("models")).get(cached.registry().defaultModel());
            long batches = ((Number) model.get("batches")).longValue();

            float[] again = embed(cached.embeddings(), Lane.QUERY, List.of(image(0, cat()))).results().get(0).vector();

            assertArrayEquals(first, again, 0f);
            Map<?, ?> stats = cached.embeddings().stats();
            Map<?, ?> cache = (Map<?, ?>) ((Map<?, ?>) stats.get("decode")).get("embedding_cache");
            assertEquals(1L, ((Number) cache.get("hits")).longValue(), cache.toString());
            model = (Map<?, ?>) ((Map<?, ?>) stats.get("models")).get(cached.registry().defaultModel());
            assertEquals(batches, ((Number) model.get("batches")).longValue(), "the model did not run again");
            embed(cached.embeddings(), Lane.INGEST, List.of(image(0, SampleImages.named("coffee.jpg").bytes()),
                image(1, SampleImages.named("astronaut.jpg").bytes())));
            assertEquals(2, ((Number) ((Map<?, ?>) ((Map<?, ?>) cached.embeddings().stats().get("decode")).get("embedding_cache"))
                .get("entries")).intValue(), "at most the configured size");
        }
    }

    @Test
    void theSameBytesGivenAsDifferentValuesAreDecodedAndEncodedOnce() throws Exception {
        try (TinyClipNode fresh = new TinyClipNode()) {
            String model = fresh.registry().defaultModel();
            String plain = base64(cat());
            EmbeddingInput dataUri = new EmbeddingInput(1, "doc 1",
                List.of(EmbeddingPart.image(ImageSource.of("data:image/jpeg;base64," + plain), 1)));

            EmbeddingResponse response = embed(fresh.embeddings(), Lane.INGEST,
                List.of(image(0, cat()), dataUri, image(2, SampleImages.named("coffee.jpg").bytes())));

            assertArrayEquals(response.results().get(0).vector(), response.results().get(1).vector(), 0f);
            assertNotNull(response.results().get(2).vector());
            Map<?, ?> stats = (Map<?, ?>) ((Map<?, ?>) fresh.embeddings().stats().get("models")).get(model);
            assertEquals(1L, ((Number) stats.get("deduplicated")).longValue(), stats.toString());
            assertEquals(2L, ((Number) stats.get("images")).longValue(), "two distinct images were encoded: " + stats);
        }
    }
}

package org.opensearch.clip.plugin.outbound;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opensearch.clip.encoder.decode.ImageFormat;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.rest.RestStatus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Image URLs fetched in the background from a server on 127.0.0.1: images of every supported kind arrive with their
 * format; anything else fails alone with a reason that starts with the URL and never shows the body; a full queue is a
 * retryable 429.
 */
class ImageFetcherTest {
    private final LocalHttpServer server = LocalHttpServer.http();
    private final ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(4), r -> {
        Thread thread = new Thread(r, "test-clip_fetch");
        thread.setDaemon(true);
        return thread;
    });
    private OutboundPolicy policy = Policies.allowingLoopback();
    private FetchLimits limits = new FetchLimits(1 << 20, "clip.image.max_bytes", TimeValue.timeValueSeconds(1), TimeValue.timeValueSeconds(1),
        TimeValue.timeValueSeconds(3));
    private final ImageFetcher fetcher = new ImageFetcher(OutboundClient.forNode(() -> policy), () -> limits, pool);

    @AfterEach
    void stop() {
        server.close();
        pool.shutdownNow();
    }

    private static byte[] sample(String name) throws IOException {
        try (InputStream in = ImageFetcherTest.class.getResourceAsStream("/sample-images/" + name)) {
            return in.readAllBytes();
        }
    }

    /** Starts a fetch; the future completes with what the listener got, and the listener's thread name. */
    private CompletableFuture<FetchedImage> fetch(String url, List<String> listenerThreads) {
        CompletableFuture<FetchedImage> result = new CompletableFuture<>();
        fetcher.fetch(url, ActionListener.wrap(image -> {
            listenerThreads.add(Thread.currentThread().getName());
            result.complete(image);
        }, e -> {
            listenerThreads.add(Thread.currentThread().getName());
            result.completeExceptionally(e);
        }));
        return result;
    }

    private FetchedImage fetched(String url) throws Exception {
        return fetch(url, new java.util.ArrayList<>()).get(10, TimeUnit.SECONDS);
    }

    private OutboundException failure(String url) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> fetched(url));
        return assertInstanceOf(OutboundException.class, e.getCause());
    }

    @Test
    void fetchesImagesInTheBackgroundWithoutBlockingTheCaller() throws Exception {
        byte[] cat = sample("cat.jpg");
        CountDownLatch callerReturned = new CountDownLatch(1);
        server.on("/cat.jpg", exchange -> {
            try {
                callerReturned.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LocalHttpServer.send(exchange, 200, "image/jpeg", cat);
        });
        List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<FetchedImage> result = fetch(server.url("/cat.jpg"), threads);
        assertFalse(result.isDone(), "fetch returned before the server answered");
        callerReturned.countDown();
        FetchedImage image = result.get(10, TimeUnit.SECONDS);
        assertEquals(ImageFormat.JPEG, image.format());
        assertArrayEquals(cat, image.bytes());
        assertEquals(server.url("/cat.jpg"), image.url());
        assertEquals(List.of("test-clip_fetch"), threads, "the listener runs on the fetch pool");
    }

    @Test
    void everySupportedFormatArrivesAndObjectStoreContentTypesAreAccepted() throws Exception {
        server.serve("/a.png", "image/png", sample("rocket-alpha.png"))
            .serve("/b.gif", "image/gif; charset=binary", sample("hubble-deep-field.gif"))
            .serve("/c.bmp", "application/octet-stream", sample("retina.bmp"))
            .serve("/d.webp", null, sample("ihc.webp"))
            .serve("/e.jpg", "binary/octet-stream", sample("coffee.jpg"));
        assertEquals(ImageFormat.PNG, fetched(server.url("/a.png")).format());
        assertEquals(ImageFormat.GIF, fetched(server.url("/b.gif")).format());
        assertEquals(ImageFormat.BMP, fetched(server.url("/c.bmp")).format());
        assertEquals(ImageFormat.WEBP, fetched(server.url("/d.webp")).format());
        assertEquals(ImageFormat.JPEG, fetched(server.url("/e.jpg")).format());
    }

    @Test
    void anHtmlPageIsNotAnImageAndItsTextIsNeverShown() {
        byte[] page = "<html><body>internal admin console: token=abc123</body></html>".getBytes(StandardCharsets.UTF_8);
        server.serve("/page", "text/html; charset=utf-8", page).serve("/disguised.jpg", "image/jpeg", page)
            .serve("/blob", "application/octet-stream", page).serve("/json", "application/json", page);
        OutboundException html = failure(server.url("/page"));
        assertEquals(OutboundException.Kind.NOT_AN_IMAGE, html.kind());
        assertEquals("image URL " + server.url("/page") + " is not an image (content type text/html)", html.getMessage());
        assertEquals("image URL " + server.url("/disguised.jpg") + " is not an image: it does not start like a JPEG, PNG, GIF, BMP or "
            + "WebP file", failure(server.url("/disguised.jpg")).getMessage());
        assertTrue(failure(server.url("/blob")).getMessage().endsWith("it does not start like a JPEG, PNG, GIF, BMP or WebP file"));
        assertEquals("image URL " + server.url("/json") + " is not an image (content type application/json)",
            failure(server.url("/json")).getMessage());
    }

    @Test
    void failuresNameTheUrlAndTheProblem() throws IOException {
        byte[] cat = sample("cat.jpg");
        server.serve("/cat.jpg", "image/jpeg", cat);
        assertEquals("image URL " + server.url("/missing.jpg") + " answered 404", failure(server.url("/missing.jpg")).getMessage());

        limits = new FetchLimits(1024, "clip.image.max_bytes", TimeValue.timeValueSeconds(1), TimeValue.timeValueSeconds(1),
            TimeValue.timeValueSeconds(3));
        OutboundException big = failure(server.url("/cat.jpg"));
        assertEquals("image URL " + server.url("/cat.jpg") + " is larger than the limit of 1kb (clip.image.max_bytes)", big.getMessage());
        assertEquals(RestStatus.BAD_REQUEST, big.status());

        policy = new OutboundPolicy(List.of("*"), List.of(), List.of("*"), 3, 4);
        OutboundException refused = failure("https://10.0.0.1/x.jpg");
        assertEquals("image URL https://10.0.0.1/x.jpg: refused: 10.0.0.1 is a private address; allow it with clip.fetch.allowed_cidrs",
            refused.getMessage());
        assertFalse(refused.retryable());
        assertTrue(failure("https://user:pw@example.org/x.jpg").getMessage().startsWith("image URL https://example.org/x.jpg: refused: "));
    }

    @Test
    void aFullQueueIsARetryable429() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < 6; i++) {
            pool.execute(() -> {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        List<String> threads = new java.util.ArrayList<>();
        CompletableFuture<FetchedImage> rejected = fetch(server.url("/x.jpg"), threads);
        release.countDown();
        ExecutionException e = assertThrows(ExecutionException.class, () -> rejected.get(10, TimeUnit.SECONDS));
        OutboundException failure = assertInstanceOf(OutboundException.class, e.getCause());
        assertEquals(OutboundException.Kind.REJECTED, failure.kind());
        assertEquals(RestStatus.TOO_MANY_REQUESTS, failure.status());
        assertTrue(failure.retryable());
        assertEquals("image URL " + server.url("/x.jpg") + ": this node has too many image fetches queued "
            + "(thread_pool.clip_fetch.queue_size); retry later", failure.getMessage());
        assertEquals(List.of(Thread.currentThread().getName()), threads, "a rejection is answered at once, on the caller's thread");
    }
}
